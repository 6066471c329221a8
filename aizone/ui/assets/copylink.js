// "Copy link": puts the page's own address (with its query parameters, so the same view) on the clipboard.
// navigator.clipboard exists only on https or localhost; an intranet on plain http falls back to execCommand.
function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  return new Promise((resolve, reject) => {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    ok ? resolve() : reject(new Error('copy refused'));
  });
}

export default function (component) {
  const data = component.data || {};
  const button = component.parentElement.querySelector('button.aizone-copylink');
  if (!button) return;
  button.textContent = data.label;
  button.title = data.help || '';
  const onClick = () => {
    const url = window.location.href;
    button.dataset.copied = url;
    copyText(url).then(() => { button.textContent = data.done; },
                       () => { window.prompt(data.label, url); })
      .finally(() => setTimeout(() => { button.textContent = data.label; }, 2000));
  };
  button.addEventListener('click', onClick);
  return () => button.removeEventListener('click', onClick);
}
