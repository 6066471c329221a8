// A typed date takes effect at once, and nothing can be downloaded for a date the preview does not show.
// Streamlit's date box (year, month and day segments) applies a typed date only when it loses focus; here
// Enter applies it, and so does a pause after a complete date, by leaving the box. Until the page has
// rerun with the typed date, the download buttons are disabled and a note says why (unless the page says
// its downloads do not depend on this box: data.downloads === false).
const PAUSE_MS = 1200;

function findBox(label) {
  for (const box of document.querySelectorAll('[data-testid="stDateInput"]')) {
    const l = box.querySelector('label');
    if (l && l.textContent.trim() === label) return box;
  }
  return null;
}

function typed(box) {  // the field keeps its current value, ISO-formatted, in a hidden date input
  const hidden = box && box.querySelector('input[type="date"]');
  return hidden ? hidden.value : null;
}

function setStale(value, committed, note) {
  // a button is stale when the box holds another date than the page drew, or than the button names
  // (during the rerun the buttons still carry the previous date until the script reaches them)
  let any = false;
  for (const b of document.querySelectorAll('[data-testid="stDownloadButton"] button')) {
    const stale = value !== null && (value !== committed || !b.textContent.includes(value));
    any = any || stale;
    if (stale) { b.disabled = true; b.dataset.aizoneStale = '1'; }
    else if (b.dataset.aizoneStale) { b.disabled = false; delete b.dataset.aizoneStale; }
  }
  note.hidden = !(value !== null && value !== committed);
  return any;
}

function apply(box) {
  // Streamlit applies the date when focus moves to something outside the box (a bare blur() is ignored)
  const el = document.activeElement;
  if (!el || !box.contains(el)) return;
  const sink = document.createElement('div');
  sink.tabIndex = -1;
  document.body.appendChild(sink);
  sink.focus();
  setTimeout(() => sink.remove(), 50);
}

const STATES = new WeakMap();  // one watcher per mounted element; a rerun only hands it the new date

export default function (component) {
  const root = component.parentElement;
  let state = STATES.get(root);
  if (!state) {
    state = {data: {}, box: null, pause: null};
    const note = root.querySelector('.aizone-datecommit');
    const check = () => {
      const value = typed(state.box);
      if (state.data.downloads !== false) setStale(value, state.data.committed, note);
      return value;
    };
    const onKeyUp = (e) => {
      const value = check();
      clearTimeout(state.pause);
      if (e.key === 'Enter') { apply(state.box); return; }
      if (value && value !== state.data.committed) state.pause = setTimeout(() => apply(state.box), PAUSE_MS);
    };
    const attach = () => {
      const found = findBox(state.data.label);
      if (found === state.box) return;
      if (state.box) state.box.removeEventListener('keyup', onKeyUp);
      state.box = found;
      if (state.box) state.box.addEventListener('keyup', onKeyUp);
    };
    state.tick = () => { note.textContent = state.data.note; attach(); check(); };
    state.timer = setInterval(state.tick, 300);  // the box is re-created on reruns
    state.stop = () => {
      clearInterval(state.timer);
      clearTimeout(state.pause);
      if (state.box) state.box.removeEventListener('keyup', onKeyUp);
      if (state.data.downloads !== false) setStale(null, null, note);
      STATES.delete(root);
    };
    STATES.set(root, state);
  }
  state.data = component.data || {};
  state.tick();
  return () => { if (!root.isConnected) state.stop(); };
}
