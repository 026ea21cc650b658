/*
 * The "asciifolding" token filter for the test node.
 *
 * Maven Central's Elasticsearch 8 integ-test-zip ships the server without the analysis-common module,
 * which is where "asciifolding" normally lives. This plugin registers the same name with the same
 * Lucene filter and the same "preserve_original" setting, so one index mapping works both here and
 * on the official Docker image (where analysis-common provides the filter and this plugin is absent).
 * The "pattern" tokenizer (also analysis-common) is registered the same way, with its "pattern", "flags" and
 * "group" settings, so both backends split words on the same \w+ rule.
 */
package org.govnews.esplugin;

import java.util.Map;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.elasticsearch.common.regex.Regex;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

public final class AsciiFoldingPlugin extends Plugin implements AnalysisPlugin {

    static final class Factory extends AbstractTokenFilterFactory {
        private final boolean preserveOriginal;

        Factory(String name, Settings settings) {
            super(name, settings);
            this.preserveOriginal = settings.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream input) {
            return new ASCIIFoldingFilter(input, preserveOriginal);
        }

        @Override
        public TokenStream normalize(TokenStream input) {
            return new ASCIIFoldingFilter(input, false);
        }
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of("pattern", (indexSettings, env, name, settings) -> {
            Pattern pattern = Regex.compile(settings.get("pattern", "\\W+"), settings.get("flags", null));
            int group = settings.getAsInt("group", -1);
            return TokenizerFactory.newFactory(name, () -> new PatternTokenizer(pattern, group));
        });
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of("asciifolding", (indexSettings, env, name, settings) -> new Factory(name, settings));
    }
}
