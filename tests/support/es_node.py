"""Start and stop a real Elasticsearch 8 on loopback (one node, or a small cluster), from Maven Central artifacts."""

from __future__ import annotations

import argparse
import ctypes
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

ES_VERSION = "8.19.21"
"""Server version: the integ-test-zip on Maven Central, and the official image in docker-compose.yml."""

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / ".es-node"
PLUGIN_SRC = Path(__file__).resolve().parent / "es-plugin" / "src"
ARTIFACT = f"org.elasticsearch.distribution.integ-test-zip:elasticsearch:{ES_VERSION}:zip"
NOBODY = 65534  # Elasticsearch refuses to run as root; as root we drop to nobody/nogroup.


def _m2_zip() -> Path:
    return (
        Path.home()
        / ".m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch"
        / ES_VERSION
        / f"elasticsearch-{ES_VERSION}.zip"
    )


def _unzip(archive: Path, dest: Path) -> None:
    """Extract keeping the executable bits zipfile drops."""
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            target = Path(zf.extract(info, dest))
            mode = (info.external_attr >> 16) & 0o777
            if mode and not info.is_dir():
                target.chmod(mode)


def _plugin_digest() -> str:
    """A hash of the plugin's sources: a cached node built from older sources is rebuilt."""
    import hashlib

    h = hashlib.sha256()
    for path in sorted(PLUGIN_SRC.rglob("*.java")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _build_plugin(home: Path) -> None:
    """Compile the asciifolding plugin against the server's own jars and drop it into plugins/."""
    plugin_dir = home / "plugins" / "govnews-asciifolding"
    with tempfile.TemporaryDirectory() as tmp:
        sources = [str(p) for p in PLUGIN_SRC.rglob("*.java")]
        if shutil.which("javac") is None:
            raise RuntimeError("javac not found: the test node's plugin needs a JDK 17+ (openjdk-17-jdk-headless)")
        subprocess.run(
            ["javac", "--release", "17", "-nowarn", "-d", tmp, "-cp", str(home / "lib" / "*"), *sources], check=True
        )
        plugin_dir.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(plugin_dir / "govnews-asciifolding.jar", "w") as jar:
            for cls in Path(tmp).rglob("*.class"):
                jar.write(cls, cls.relative_to(tmp).as_posix())
    (plugin_dir / "plugin-descriptor.properties").write_text(
        "description=asciifolding token filter (analysis-common is not in the integ-test-zip)\n"
        f"version={ES_VERSION}\nname=govnews-asciifolding\nclassname=org.govnews.esplugin.AsciiFoldingPlugin\n"
        f"java.version=17\nelasticsearch.version={ES_VERSION}\n"
    )
    (plugin_dir / f"built-from-{_plugin_digest()}").touch()


def install(cache: Path = CACHE) -> Path:
    """Fetch the distribution through Maven (cached in ~/.m2), unpack it under .es-node/, add the plugin.

    Safe to call from several processes at once (a lock file serialises the first install).
    """
    home = cache / f"elasticsearch-{ES_VERSION}"
    marker = home / "plugins" / "govnews-asciifolding" / f"built-from-{_plugin_digest()}"
    if marker.exists():
        return home
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.exists():
            return home
        if not _m2_zip().exists():
            if shutil.which("mvn") is None:
                raise RuntimeError(f"mvn not found: Maven 3 fetches {ARTIFACT} from Maven Central (apt: maven)")
            subprocess.run(
                ["mvn", "-q", "-B", "dependency:get", f"-Dartifact={ARTIFACT}", "-Dtransitive=false"], check=True
            )
        staging = Path(tempfile.mkdtemp(dir=cache))
        try:
            _unzip(_m2_zip(), staging)
            _build_plugin(staging / home.name)
            shutil.rmtree(home, ignore_errors=True)
            (staging / home.name).rename(home)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        home.chmod(0o755)
    return home


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _java_home() -> str:
    if os.environ.get("ES_JAVA_HOME"):
        return os.environ["ES_JAVA_HOME"]
    javac = shutil.which("javac") or shutil.which("java")
    if javac is None:
        raise RuntimeError("no Java found: install a JDK 17+ or set ES_JAVA_HOME")
    return str(Path(javac).resolve().parents[1])


def _die_with_parent() -> None:
    """PR_SET_PDEATHSIG: if the test process is killed outright, the node's launcher gets SIGTERM and stops
    the server, so no orphan node keeps its heap. (Under root, setpriv --pdeathsig does the same.)"""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)


class EsNode:
    """One node with its own config, data and logs directory; bound to 127.0.0.1 only. Alone it is a single-node
    cluster; EsCluster gives each node its peers (discovery.seed_hosts, cluster.initial_master_nodes)."""

    def __init__(
        self,
        workdir: Path | None = None,
        heap: str = "1g",
        port: int | None = None,
        *,
        name: str = "govnews-test",
        cluster: str = "govnews-test",
        min_heap: str = "512m",
    ) -> None:
        self.home = install()
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="node-", dir=CACHE))
        self.heap, self.min_heap = heap, min_heap
        self.port = port or free_port()
        self.transport_port = free_port()
        self.name, self.cluster = name, cluster
        self.peers: list[EsNode] = []  # the other nodes of a cluster; empty: single-node discovery
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _configure(self) -> None:
        conf = self.workdir / "config"
        if not conf.exists():
            shutil.copytree(self.home / "config", conf)
        for sub in ("data", "logs", "tmp"):
            (self.workdir / sub).mkdir(parents=True, exist_ok=True)
        if self.peers:
            members = [self, *self.peers]
            seeds = ", ".join(f'"127.0.0.1:{n.transport_port}"' for n in members)
            names = ", ".join(f'"{n.name}"' for n in members)
            discovery = f"discovery.seed_hosts: [{seeds}]\ncluster.initial_master_nodes: [{names}]\n"
        else:
            discovery = "discovery.type: single-node\n"
        (conf / "elasticsearch.yml").write_text(
            f"cluster.name: {self.cluster}\nnode.name: {self.name}\n{discovery}"
            f"network.host: 127.0.0.1\nhttp.port: {self.port}\ntransport.port: {self.transport_port}\n"
            "xpack.security.enabled: false\nxpack.ml.enabled: false\n"
            "cluster.routing.allocation.disk.threshold_enabled: false\naction.destructive_requires_name: false\n"
            f"path.data: {self.workdir / 'data'}\npath.logs: {self.workdir / 'logs'}\n"
        )
        if os.geteuid() == 0:
            for path in [self.workdir, *self.workdir.rglob("*")]:
                os.chown(path, NOBODY, NOBODY)
            self.home.parent.chmod(0o755)

    def start(self, timeout: float = 180.0) -> str:
        """Start the node (same data directory on restart) and wait for yellow health; return its URL."""
        self.launch()
        self._wait_healthy(timeout)
        return self.url

    def launch(self) -> None:
        """Start the node's process without waiting (a cluster starts all its nodes, then waits)."""
        self._configure()
        env = {
            **os.environ,
            "ES_PATH_CONF": str(self.workdir / "config"),
            "ES_TMPDIR": str(self.workdir / "tmp"),
            "ES_JAVA_HOME": _java_home(),
            "ES_JAVA_OPTS": f"-Xms{self.min_heap} -Xmx{self.heap}",
        }
        env.pop("JAVA_HOME", None)
        cmd = [str(self.home / "bin" / "elasticsearch")]
        if os.geteuid() == 0:
            cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--pdeathsig=TERM", *cmd]
        with (self.workdir / "stdout.log").open("ab") as out:
            self.proc = subprocess.Popen(
                cmd,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=None if os.geteuid() == 0 else _die_with_parent,
            )

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"Elasticsearch exited ({self.proc.returncode}); see {self.workdir}/stdout.log")
            try:
                with urllib.request.urlopen(
                    f"{self.url}/_cluster/health?wait_for_status=yellow&timeout=2s", timeout=5
                ) as resp:
                    if json.load(resp).get("status") in ("yellow", "green"):
                        return
            except (urllib.error.URLError, OSError, ValueError):
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"Elasticsearch not healthy after {timeout:.0f}s; see {self.workdir}/stdout.log")

    def stop(self, timeout: float = 60.0) -> None:
        """SIGTERM the node's process group (launcher and server JVM), SIGKILL if it lingers."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        except ProcessLookupError:
            pass
        self._wait_group_gone(self.proc.pid, timeout)
        self.proc = None

    @staticmethod
    def _wait_group_gone(pgid: int, timeout: float) -> None:
        """The launcher exits first; wait for the server JVM (same group) so the data dir lock is free."""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                os.killpg(pgid, 0)
                time.sleep(0.2)
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            return

    def remove(self) -> None:
        """Stop, then delete this node's directory."""
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


class EsCluster:
    """`size` nodes on loopback forming one cluster (distinct ports and data directories, each a master-eligible
    data node), as a deployment past one machine would run them."""

    def __init__(self, size: int = 2, heap: str = "512m", cluster: str = "govnews-cluster") -> None:
        self.nodes = [EsNode(heap=heap, min_heap=heap, name=f"{cluster}-{n}", cluster=cluster) for n in range(size)]
        for node in self.nodes:
            node.peers = [other for other in self.nodes if other is not node]

    @property
    def url(self) -> str:
        return self.nodes[0].url

    def start(self, timeout: float = 240.0) -> str:
        """Start every node, then wait until each answers and all of them have joined."""
        for node in self.nodes:
            node.launch()
        try:
            for node in self.nodes:
                node._wait_healthy(timeout)
            self._wait_joined(timeout)
        except BaseException:
            self.remove()
            raise
        return self.url

    def _wait_joined(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        want = len(self.nodes)
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_cluster/health?wait_for_nodes={want}&timeout=5s") as r:
                    if json.load(r).get("number_of_nodes") == want:
                        return
            except (urllib.error.URLError, OSError, ValueError):
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the cluster did not reach {want} nodes in {timeout:.0f}s; see {self.nodes[0].workdir}")

    def remove(self) -> None:
        """Stop every node and delete their directories."""
        for node in self.nodes:
            node.remove()


def main(argv: list[str] | None = None) -> int:
    """`python -m tests.support.es_node install|run [--port N]`: prefetch, or run a node in the foreground."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("action", choices=["install", "run"])
    parser.add_argument("--port", type=int, default=9200)
    parser.add_argument("--heap", default="1g")
    args = parser.parse_args(argv)
    if args.action == "install":
        print(install())
        return 0
    node = EsNode(workdir=CACHE / "dev-node", heap=args.heap, port=args.port)
    print(f"starting Elasticsearch {ES_VERSION} at {node.url} (data in {node.workdir}) ...", flush=True)
    node.start()
    print(f"ready: {node.url}  (Ctrl-C stops it)", flush=True)
    try:
        while node.proc is not None and node.proc.poll() is None:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        node.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
