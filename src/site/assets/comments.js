// Progressive enhancement for the comment form: the same checks as the server before sending, and Reply links
// that move the form under the comment. Without this file everything still works through the server.
(() => {
  const respond = document.getElementById('respond');
  const form = respond && respond.querySelector('form.comment-form');
  if (!form) return;

  const fields = {
    body: form.querySelector('#comment'),
    name: form.querySelector('#author'),
    email: form.querySelector('#email'),
    url: form.querySelector('#url'),
  };
  const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  // The same rule as the server: an http or https address with a host.
  function isHttpUrl(value) {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && Boolean(url.hostname);
    } catch {
      return false;
    }
  }

  function problemFor(field) {
    const value = fields[field].value.trim();
    if (field === 'body') {
      if (!value) return form.dataset.msgBody;
      const max = Number(form.dataset.maxBody);
      if (value.length > max)
        return `Your comment is too long: please keep it to ${max.toLocaleString('en')} characters (it has ${value.length.toLocaleString('en')}).`;
    }
    if (field === 'name' && !value) return form.dataset.msgName;
    if (field === 'email' && !EMAIL.test(value)) return form.dataset.msgEmail;
    if (field === 'url' && value && !isHttpUrl(value)) return form.dataset.msgUrl;
    return '';
  }

  function show(field, message) {
    const input = fields[field];
    const error = document.getElementById(`comment-${field}-error`);
    if (error) error.textContent = message;
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  form.addEventListener('submit', (event) => {
    let first = null;
    for (const field of Object.keys(fields)) {
      const message = problemFor(field);
      show(field, message);
      if (message && !first) first = fields[field];
    }
    if (first) {
      event.preventDefault();
      first.focus();
    }
  });
  // Clear a field's message as soon as it is fixed, so nobody is told off for something already corrected.
  for (const field of Object.keys(fields)) {
    fields[field].addEventListener('input', () => {
      if (fields[field].getAttribute('aria-invalid') === 'true' && !problemFor(field)) show(field, '');
    });
  }

  const home = respond.parentNode;
  const homeNext = respond.nextSibling;
  const parentInput = form.querySelector('input[name="parent_id"]');
  const title = respond.querySelector('#reply-title');
  const originalTitle = title.innerHTML;

  function cancelLink() {
    const link = document.createElement('a');
    link.href = '#respond';
    link.className = 'cancel-reply';
    link.textContent = 'Cancel reply';
    link.addEventListener('click', (event) => {
      event.preventDefault();
      parentInput.value = '';
      title.innerHTML = originalTitle;
      home.insertBefore(respond, homeNext);
      fields.body.focus();
    });
    return link;
  }

  document.addEventListener('click', (event) => {
    // A comment's Reply link is its footer's `?replytocom=ID` link; its own article and name come first in its item.
    const link = event.target instanceof Element ? event.target.closest('.comment-list footer a[href*="replytocom="]') : null;
    if (!link) return;
    event.preventDefault();
    const comment = link.closest('li');
    parentInput.value = comment.id.slice('comment-'.length);
    title.textContent = `Reply to ${comment.querySelector('.comment-author').textContent} `;
    title.appendChild(cancelLink());
    comment.querySelector('article').after(respond);
    fields.body.focus();
  });
})();
