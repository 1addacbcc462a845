// Files into the open conversation: picked with the Attach button or dropped on the chat, each shown with its
// name, a progress bar and a Cancel button (Escape cancels the one under way). They go one at a time: the client
// queues them (a file waits for the one before it) and resumes one whose connection dropped. The stored message
// with its attachment arrives like any other message; the list only shows what is still on its way.

import { el } from './console-storage.js';

export class Uploads {
  /** @type {{file: File, conversation: string, controller: AbortController, node: HTMLElement, started: boolean}[]} */
  #items = [];
  #client;
  #ui;
  #onError;

  /**
   * @param {import('./parley.js').ParleyClient} client
   * @param {{uploads: HTMLElement}} ui
   * @param {(message: string | null) => void} onError shows (or clears) the composer's error line
   */
  constructor(client, ui, onError) {
    this.#client = client;
    this.#ui = ui;
    this.#onError = onError;
  }

  /** True while a file is on its way or waits for its turn. */
  get busy() {
    return this.#items.length > 0;
  }

  /** Queues `files` for `conversation`; one over the server's bound is refused at once, before it waits. */
  add(conversation, files) {
    const max = this.#client.welcome?.limits?.max_upload_bytes;
    const refused = [];
    for (const file of files) {
      if (typeof max === 'number' && file.size > max) {
        refused.push(`${file.name} is ${formatBytes(file.size)}; this server takes files of at most ${formatBytes(max)}.`);
        continue;
      }
      this.#start(conversation, file);
    }
    this.#onError(refused.length ? refused.join(' ') : null);
    this.#render();
  }

  /** Cancels the upload under way (the first in the list); false when there is none. */
  cancelCurrent() {
    const item = this.#items[0];
    if (!item) return false;
    item.controller.abort();
    return true;
  }

  /** Cancels everything (signing out). */
  clear() {
    for (const item of this.#items.splice(0)) item.controller.abort();
    this.#render();
  }

  #start(conversation, file) {
    const controller = new AbortController();
    const bar = el('progress', { max: '100', value: '0', 'aria-label': `Uploading ${file.name}` });
    const percent = el('span', { class: 'upload-percent', text: 'waiting…' });
    const item = { file, conversation, controller, started: false, node: null };
    item.node = el('li', { class: 'upload', dataset: { name: file.name } },
      el('span', { class: 'upload-name', text: file.name }),
      el('span', { class: 'upload-size', text: formatBytes(file.size) }),
      bar, percent,
      el('button', { type: 'button', class: 'upload-cancel', 'aria-keyshortcuts': 'Escape',
        'aria-label': `Cancel the upload of ${file.name}`, text: 'Cancel', onclick: () => controller.abort() }));
    this.#items.push(item);
    const onProgress = ({ sent, size }) => {
      item.started = true;
      item.node.classList.add('sending');
      const value = size > 0 ? Math.floor((sent * 100) / size) : 100;
      bar.value = value;
      percent.textContent = `${value} %`;
      item.node.dataset.percent = String(value);
    };
    this.#client.upload(conversation, file, { name: file.name, mime: file.type || undefined, signal: controller.signal,
      onProgress })
      .then(() => this.#done(item, null), (error) => this.#done(item, error));
  }

  #done(item, error) {
    const at = this.#items.indexOf(item);
    if (at >= 0) this.#items.splice(at, 1);
    this.#render();
    if (!error || error.code === 'aborted' || error.code === 'closed') return; // a cancel says nothing
    // the client's refusals name the file already ("uploading a.png failed: …")
    const name = item.file.name;
    this.#onError(error.code === 'unsupported' ? 'This server does not take files yet.'
      : String(error.message).includes(name) ? String(error.message) : `Could not upload ${name}: ${error.message}`);
  }

  #render() {
    const list = this.#ui.uploads;
    list.replaceChildren(...this.#items.map((item) => item.node));
    list.hidden = this.#items.length === 0;
  }
}

/** 1234567 → "1.2 MB" (powers of 1000, as file managers mostly show sizes). */
export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return '';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
