// Keyboard shortcuts for the moderation queue: j / k move between comments, x selects the current one, and the
// queue's action keys (a, s, t, u, r) press that comment's own button. Typing in a field never triggers them.
(() => {
  const form = document.querySelector('form.nr-queue');
  if (!form) return;
  const shortcuts = Object.fromEntries(
    form.dataset.shortcuts
      .split(' ')
      .filter(Boolean)
      .map((pair) => pair.split(':')),
  );
  const comments = () => [...form.querySelectorAll('article.nr-comment')];
  let current = -1;

  function focus(index) {
    const list = comments();
    if (!list.length) return;
    current = Math.max(0, Math.min(index, list.length - 1));
    list.forEach((el, i) => el.classList.toggle('nr-current', i === current));
    list[current].focus();
  }

  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
    const list = comments();
    if (event.key === 'j') focus(current + 1);
    else if (event.key === 'k') focus(current - 1);
    else if (current >= 0 && event.key === 'x') {
      const box = list[current].querySelector('input[type="checkbox"]');
      box.checked = !box.checked;
    } else if (current >= 0 && shortcuts[event.key]) {
      list[current].querySelector(`button[data-action="${shortcuts[event.key]}"]`)?.click();
    } else return;
    event.preventDefault();
  });
  // Clicking or tabbing into a comment makes it the current one.
  form.addEventListener('focusin', (event) => {
    const article = event.target instanceof Element ? event.target.closest('article.nr-comment') : null;
    if (article) current = comments().indexOf(article);
  });
})();
