// The article page's "Sao chép" buttons: copy a citation's text. Shown only when scripts run.
document.querySelectorAll("button.copy[data-copy]").forEach((button) => {
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.textContent);
      button.textContent = "Đã sao chép";
    } catch (err) {
      // no clipboard access: select the text so that Ctrl+C copies it
      const range = document.createRange();
      range.selectNodeContents(source);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      button.textContent = "Đã chọn, nhấn Ctrl+C để sao chép";
    }
  });
});
