// The chat: the conversations of this tab (with unread badges), the open one's messages (each once, by id, in
// offset order, as they now are: edited in place, deleted ones gone), the assistant's replies streaming in (with
// their tool calls, and their reasoning folded away), tool results, the conversation's shared state (read-only),
// older messages as you scroll up, who is here and who is typing, and the composer with its uploads (Attach, or
// files dropped on the chat; images show in their message, other files as a link). Your own messages can be
// edited and deleted from their own Edit and Delete buttons (an owner may delete anyone's); what is on screen is
// marked read.

import { el, showError, tabStore } from './console-storage.js';
import { Uploads, formatBytes } from './console-uploads.js';

const PAGE = 30;
const CONVERSATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** What PROTOCOL's attachment endpoint serves inline; anything else is a download. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export class ChatView {
  /** @type {Map<string, object>} */
  #conversations = new Map();
  #active = null;
  #client;
  #ui;
  #uploads;
  /** Every listener this view puts on the page goes with it when signing out (a new view takes the page). */
  #listening = new AbortController();
  #dragDepth = 0;

  constructor(client, ui) {
    this.#client = client;
    this.#ui = ui;
    this.#uploads = new Uploads(client, ui, (message) => {
      showError(ui.composerError, message);
      this.#updateComposer(); // an `unsupported` answer turns the Attach button off
    });
    const listen = { signal: this.#listening.signal };
    client.on('message', (m) => this.#onStored(m));
    client.on('message_edited', (e) => this.#onEdited(e));
    client.on('message_deleted', (e) => this.#onDeleted(e));
    client.on('read', (r) => this.#onRead(r));
    client.on('role', ({ conversation, role }) => this.#onRole(conversation, role));
    client.on('run', (run) => this.#onRun(run));
    client.on('presence', (p) => this.#onPresence(p));
    client.on('left', ({ conversation, reason }) => this.#forget(conversation, `You left ${conversation} (${reason}).`));
    client.on('deleted', ({ conversation }) => this.#forget(conversation, `${conversation} was deleted.`));
    client.on('typing', ({ conversation }) => {
      if (conversation === this.#active) this.#renderTyping();
    });
    client.on('state', ({ conversation }) => {
      if (conversation === this.#active) this.#renderState();
    });
    client.on('ready', () => this.#updateComposer());
    client.on('status', () => this.#updateComposer());

    ui.joinForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const name = ui.joinName.value.trim();
      if (!CONVERSATION_ID.test(name)) {
        showError(ui.joinError, 'A conversation name is 1–128 letters, digits or . _ : -');
        ui.joinName.focus();
        return;
      }
      showError(ui.joinError, null);
      ui.joinName.value = '';
      this.open(name).then(() => ui.message.focus(), () => {});
    }, listen);
    ui.composer.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#send();
    }, listen);
    ui.message.addEventListener('input', () => {
      // typing notices (PROTOCOL `typing`): the client sends at most one each 2 s; a server without them says so once
      if (this.#active && ui.message.value.trim()) this.#client.typing(this.#active);
    }, listen);
    document.addEventListener('visibilitychange', () => {
      const model = this.#active && this.#conversations.get(this.#active);
      if (model && document.visibilityState === 'visible') this.#markRead(model);
    }, listen);
    ui.message.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.#send();
      }
    }, listen);
    ui.loadOlder.addEventListener('click', () => this.#loadOlder(), listen);
    ui.logWrap.addEventListener('scroll', () => {
      if (ui.logWrap.scrollTop < 40) this.#loadOlder();
    }, listen);
    ui.stopRun.addEventListener('click', () => {
      const run = this.#active && this.#client.runs.active(this.#active);
      if (run) this.#client.cancel(run.id).catch((e) => showError(ui.composerError, `Could not stop the reply: ${e.message}`));
    }, listen);
    this.#listenForFiles(listen);
  }

  /** The conversations remembered in this tab (and those the server lists, when it can), joined again. */
  async restore() {
    const names = tabStore.get('conversations', []);
    const listed = await this.#client.listConversations().catch(() => null);
    for (const c of listed ?? []) if (!names.includes(c.id)) names.push(c.id);
    const active = tabStore.get('active', null);
    for (const name of names) this.#model(name);
    for (const c of listed ?? []) {
      const model = this.#model(c.id);
      model.unread = Number(c.unread) || 0;
      model.role = c.role ?? model.role;
    }
    this.#renderList();
    await Promise.allSettled(names.map((name) => this.#join(name)));
    const first = active && this.#conversations.has(active) ? active : names[0];
    if (first) this.show(first);
  }

  /** Joins (when new) and shows `name`. */
  async open(name) {
    this.#model(name);
    this.#renderList();
    this.show(name);
    try {
      await this.#join(name);
    } catch (error) {
      showError(this.#ui.joinError, `Could not join ${name}: ${error.message}`);
      this.#forget(name);
      throw error;
    }
  }

  show(name) {
    const model = this.#conversations.get(name);
    if (!model) return;
    this.#active = name;
    tabStore.set('active', name);
    model.unread = 0;
    this.#renderList();
    const { ui } = this;
    ui.title.textContent = name;
    ui.log.replaceChildren(...[...model.items.values()].sort(byOffset).map((item) => item.node));
    ui.loadOlder.hidden = !model.hasOlder;
    this.#renderPresence(model);
    this.#renderTyping();
    this.#renderState();
    this.#updateComposer();
    this.#scrollToEnd();
    this.#markRead(model);
  }

  get ui() {
    return this.#ui;
  }

  /** Forgets every conversation (signing out). */
  clear() {
    this.#uploads.clear();
    this.#conversations.clear();
    this.#resetView();
    this.#hideDropZone();
    this.#listening.abort();
  }

  #resetView() {
    this.#active = null;
    this.#ui.log.replaceChildren();
    this.#ui.title.textContent = 'No conversation open';
    this.#ui.presence.textContent = '';
    this.#ui.typing.textContent = '';
    this.#ui.loadOlder.hidden = true;
    this.#renderState();
    this.#renderList();
    this.#updateComposer();
  }

  // ---- model ----

  #model(name) {
    let model = this.#conversations.get(name);
    if (!model) {
      model = { name, items: new Map(), oldest: null, hasOlder: false, olderBefore: null, loadingOlder: false,
        unread: 0, joined: null, seen: new Set(), present: null, role: null,
        /** ids of messages deleted: a page read before the delete does not bring one back */
        deleted: new Set(),
        /** toolCallId → {name, results: content once answered} */
        calls: new Map() };
      this.#conversations.set(name, model);
      this.#persist();
    }
    return model;
  }

  async #join(name) {
    const model = this.#model(name);
    if (model.joined) return model.joined;
    model.joined = this.#client.join(name).then(async (joined) => {
      model.role = joined.role;
      if (joined.offset > 0) {
        const page = await this.#client.history(name, { before: joined.offset + 1, limit: PAGE });
        this.#addPage(model, page);
      }
      if (this.#client.supports.presence !== false) {
        this.#client.presence(name).then((p) => {
          model.present = new Map(p.members.map((m) => [m.user, m.connections]));
          this.#renderPresence(model);
        }, () => this.#renderPresence(model));
      }
      if (this.#active === name) this.show(name);
      return joined;
    });
    model.joined.catch(() => {
      model.joined = null;
    });
    return model.joined;
  }

  #forget(name, note) {
    if (!this.#conversations.delete(name)) return;
    this.#persist();
    if (this.#active === name) {
      this.#resetView();
      const next = this.#conversations.keys().next().value;
      if (next) this.show(next);
    }
    this.#renderList();
    if (note) showError(this.#ui.joinError, note);
  }

  #persist() {
    tabStore.set('conversations', [...this.#conversations.keys()]);
  }

  // ---- messages ----

  #onStored(message) {
    const model = this.#conversations.get(message.conversation);
    if (!model) return;
    const near = this.#nearEnd();
    const known = model.items.get(message.id)?.offset;
    this.#add(model, message, {});
    if (this.#active !== model.name) {
      // unread, as the server counts it: messages of others (not yours, nor one already shown)
      if (!known && message.sender !== this.#client.user) {
        model.unread += 1;
        this.#renderList();
      }
    } else {
      if (near || message.sender === this.#client.user) this.#scrollToEnd();
      this.#markRead(model);
    }
  }

  /**
   * A page of history: its messages as they now are, its edits and deletes applied (a message a page brings is
   * current up to the page's newest offset, so an older edit in a page read later changes nothing).
   */
  #addPage(model, page) {
    const readAt = page.messages.reduce((max, m) => Math.max(max, m.offset), 0);
    for (const m of page.messages) {
      if (m.type === 'message_edited') this.#edited(model, m);
      else if (m.type === 'message_deleted') this.#remove(model, m.id);
      else this.#add(model, m, { quiet: true, readAt });
    }
    model.hasOlder = page.has_more;
    model.olderBefore = page.next?.before ?? null;
  }

  /** Adds or updates one stored message (by id: the same message never shows twice). */
  #add(model, message, { quiet, readAt }) {
    if (message.type && message.type !== 'message') return;
    if (model.deleted.has(message.id)) return;
    let item = model.items.get(message.id);
    if (item?.offset && readAt !== undefined && item.revision >= readAt) return; // what is shown is as new
    for (const call of message.toolCalls ?? []) this.#call(model, call.id).name = call.function?.name;
    if (message.role === 'tool' && message.toolCallId) {
      const call = this.#call(model, message.toolCallId);
      call.result = message.content;
      for (const other of model.items.values()) markAnswered(other.node, message.toolCallId);
    }
    if (!item) {
      item = { id: message.id, offset: message.offset, node: null, message };
      model.items.set(message.id, item);
      item.node = this.#bubble(message, model);
      if (this.#active === model.name) this.#insert(item);
    } else {
      const placed = item.offset;
      item.offset = message.offset;
      item.message = message;
      this.#fill(item.node, message, model);
      if (!placed && this.#active === model.name) this.#insert(item); // a sent or streamed one takes its place
    }
    item.revision = Math.max(readAt ?? 0, message.offset);
    item.node.classList.remove('streaming', 'pending', 'failed');
    if (message.role !== 'assistant' && message.sender) model.seen.add(message.sender);
    if (model.oldest === null || message.offset < model.oldest) model.oldest = message.offset;
    if (!quiet && this.#active === model.name) this.#renderPresence(model);
  }

  #bubble(message, model) {
    const node = el('li', { class: 'msg' },
      el('div', { class: 'meta' }, el('span', { class: 'sender' }), el('span', { class: 'kind', hidden: true }), el('time'),
        el('span', { class: 'edited', hidden: true, text: '(edited)' }),
        el('span', { class: 'actions', hidden: true },
          el('button', { type: 'button', class: 'edit-message', text: 'Edit',
            onclick: () => this.#startEdit(node.dataset.id) }),
          el('button', { type: 'button', class: 'delete-message', text: 'Delete',
            onclick: () => this.#confirmDelete(node.dataset.id) }))),
      el('details', { class: 'reasoning', hidden: true }, el('summary', { text: 'Reasoning' }), el('p', { class: 'reasoning-text' })),
      el('p', { class: 'body' }),
      el('div', { class: 'attachment', hidden: true }),
      el('ul', { class: 'tool-calls', hidden: true, 'aria-label': 'Tool calls' }),
      el('p', { class: 'note', hidden: true }));
    this.#fill(node, message, model);
    return node;
  }

  #fill(node, message, model) {
    const mine = message.role === 'user' && message.sender === this.#client.user;
    const editing = node.classList.contains('editing');
    node.className = `msg ${message.role ?? 'user'}${mine ? ' mine' : ''}${editing ? ' editing' : ''}`;
    node.dataset.id = message.id;
    if (message.offset) node.dataset.offset = String(message.offset);
    node.querySelector('.sender').textContent = message.role === 'assistant' ? 'assistant' : message.sender ?? '';
    const time = node.querySelector('time');
    if (message.at) {
      time.dateTime = message.at;
      time.textContent = new Date(message.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    }
    const kind = node.querySelector('.kind');
    if (message.role === 'tool') {
      const name = message.toolCallId && model?.calls.get(message.toolCallId)?.name;
      kind.textContent = `tool result${name ? ` of ${name}` : ''} (${message.toolCallId ?? '?'})`;
      node.dataset.toolCallId = message.toolCallId ?? '';
    }
    kind.hidden = message.role !== 'tool';
    node.querySelector('.body').textContent = message.content ?? '';
    showEdited(node, message.edited_at);
    this.#showActions(node, message, model);
    this.#showAttachment(node, message, model);
    if (editing) node.querySelector('.body').hidden = true; // the editor stands in its place
    showReasoning(node, message.reasoning ?? '', false);
    showToolCalls(node, (message.toolCalls ?? []).map((c) => ({ id: c.id, name: c.function?.name, args: c.function?.arguments,
      done: true, answered: model?.calls.get(c.id)?.result !== undefined })));
    note(node, null);
  }

  /** Edit for your own messages; Delete for those and, for an owner, anyone's. Stored messages only. */
  #showActions(node, message, model) {
    const actions = node.querySelector('.actions');
    const me = this.#client.user;
    const mine = Boolean(me) && message.sender === me && message.role === 'user';
    const canDelete = mine || model?.role === 'owner';
    actions.hidden = !message.offset || !canDelete || node.classList.contains('editing')
      || Boolean(node.querySelector('.confirm-delete'));
    const edit = actions.querySelector('.edit-message');
    edit.hidden = !mine;
    const what = snippet(message.content);
    edit.setAttribute('aria-label', `Edit your message ${what}`);
    actions.querySelector('.delete-message').setAttribute('aria-label',
      `Delete ${mine ? 'your' : `${message.sender ?? 'this'}'s`} message ${what}`);
  }

  #call(model, id) {
    let call = model.calls.get(id);
    if (!call) model.calls.set(id, (call = { name: undefined, result: undefined }));
    return call;
  }

  /**
   * Puts (or moves) an item's node in the log, in offset order; items not stored yet go last, so a stored one goes
   * before the first of them, and one's own message moves to its place when it is stored.
   */
  #insert(item) {
    const log = this.#ui.log;
    if (item.offset) {
      for (const other of log.children) {
        if (other === item.node) continue;
        const offset = Number(other.dataset.offset);
        if (!offset || offset > item.offset) {
          log.insertBefore(item.node, other);
          return;
        }
      }
    }
    log.append(item.node);
  }

  // ---- edits and deletes ----

  #onEdited(event) {
    const model = this.#conversations.get(event.conversation);
    if (model) this.#edited(model, event);
  }

  /** An edit entry: the message shows its new content where it stands, marked (edited). */
  #edited(model, event) {
    const item = model.items.get(event.id);
    if (!item?.offset || item.revision >= event.offset) return;
    item.revision = event.offset;
    item.message = { ...item.message, content: event.content, edited_at: event.at };
    this.#fill(item.node, item.message, model);
  }

  #onDeleted(event) {
    const model = this.#conversations.get(event.conversation);
    if (!model) return;
    const item = model.items.get(event.id);
    const wasUnread = item?.offset && this.#active !== model.name && item.message?.sender !== this.#client.user
      && item.offset > this.#client.readMarker(model.name);
    this.#remove(model, event.id);
    if (wasUnread && model.unread > 0) {
      model.unread -= 1; // the server stops counting a deleted message
      this.#renderList();
    }
  }

  /** A deleted message leaves the log (and a focus inside it goes to the message box). */
  #remove(model, id) {
    model.deleted.add(id);
    const item = model.items.get(id);
    if (!item) return;
    model.items.delete(id);
    const focused = item.node.contains(document.activeElement);
    item.node.remove();
    if (focused && !this.#ui.message.disabled) this.#ui.message.focus();
  }

  /** Edit: the message becomes an editor in place; Enter saves, Shift+Enter is a new line, Escape cancels. */
  #startEdit(id) {
    const model = this.#active && this.#conversations.get(this.#active);
    const item = model?.items.get(id);
    if (!item?.offset || item.node.classList.contains('editing')) return;
    const { node } = item;
    const editor = el('textarea', { class: 'edit-box', rows: '2', 'aria-label': 'Edit your message',
      'aria-describedby': `edit-hint-${id}`, 'aria-keyshortcuts': 'Enter Escape' });
    editor.value = item.message.content ?? '';
    const form = el('div', { class: 'edit-form' }, editor,
      el('p', { class: 'edit-hint', id: `edit-hint-${id}`, text: 'Enter saves · Shift+Enter new line · Escape cancels' }),
      el('p', { class: 'edit-error error', role: 'alert', hidden: true }));
    node.classList.add('editing');
    node.querySelector('.body').hidden = true;
    node.querySelector('.actions').hidden = true;
    node.querySelector('.body').after(form);
    const done = () => {
      form.remove();
      node.classList.remove('editing');
      this.#fill(node, item.message, model);
      node.querySelector('.edit-message')?.focus();
    };
    editor.addEventListener('keydown', (event) => {
      if (event.isComposing) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation(); // Escape here cancels the edit, not an upload under way
        done();
      } else if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        const content = editor.value.trim();
        if (!content || content === item.message.content) return done();
        editor.disabled = true;
        this.#client.edit(model.name, id, content).then((ack) => {
          // shown at once; the message_edited that follows says when, and is the same text
          if (item.revision < ack.offset) {
            item.revision = ack.offset;
            item.message = { ...item.message, content, edited_at: item.message.edited_at ?? new Date().toISOString() };
          }
          done();
        }, (error) => {
          editor.disabled = false;
          showError(form.querySelector('.edit-error'), `Not saved: ${error.message}`);
          editor.focus();
        });
      }
    });
    editor.focus();
    editor.setSelectionRange(editor.value.length, editor.value.length);
  }

  /** Delete: asks first, in the message itself (Escape or Cancel keeps it). */
  #confirmDelete(id) {
    const model = this.#active && this.#conversations.get(this.#active);
    const item = model?.items.get(id);
    if (!item?.offset || item.node.querySelector('.confirm-delete')) return;
    const { node } = item;
    const actions = node.querySelector('.actions');
    const keep = () => {
      ask.remove();
      this.#showActions(node, item.message, model);
      node.querySelector('.delete-message')?.focus();
    };
    const error = el('span', { class: 'error', role: 'alert', hidden: true });
    const ask = el('span', { class: 'confirm-delete', role: 'group', 'aria-label': 'Delete this message?' },
      el('span', { text: 'Delete this message?' }),
      el('button', { type: 'button', class: 'danger confirm', text: 'Delete', onclick: () => {
        for (const button of ask.querySelectorAll('button')) button.disabled = true;
        this.#client.deleteMessage(model.name, id).then(() => this.#remove(model, id), (e) => {
          for (const button of ask.querySelectorAll('button')) button.disabled = false;
          showError(error, `Not deleted: ${e.message}`);
        });
      } }),
      el('button', { type: 'button', class: 'cancel', text: 'Cancel', onclick: keep }),
      error);
    ask.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      keep();
    });
    actions.hidden = true;
    node.querySelector('.body').after(ask);
    ask.querySelector('.cancel').focus();
  }

  #onRole(conversation, role) {
    const model = this.#conversations.get(conversation);
    if (!model) return;
    model.role = role;
    for (const item of model.items.values()) if (item.message && item.offset) this.#showActions(item.node, item.message, model);
  }

  // ---- assistant runs ----

  #onRun(run) {
    const model = this.#conversations.get(run.conversation);
    if (!model) return;
    const near = this.#nearEnd();
    // the reply's messages: its text messages, the messages its tool calls belong to, its reasoning's
    const ids = [];
    const add = (id) => { if (id && !ids.includes(id)) ids.push(id); };
    for (const text of run.messages) if (text.role === 'assistant') add(text.id);
    for (const call of run.toolCalls) add(call.parentMessageId ?? `${run.id}:calls`);
    for (const reasoning of run.reasoningMessages ?? []) add(reasoning.id.replace(/:reasoning$/, ''));
    for (const id of ids) {
      let item = model.items.get(id);
      if (item?.offset) continue; // stored: the stored message is the truth
      if (!item) {
        item = { id, offset: null, node: this.#bubble({ id, role: 'assistant', content: '' }, model) };
        model.items.set(id, item);
        if (this.#active === model.name) this.#insert(item);
      }
      item.node.querySelector('.body').textContent = run.messages.find((m) => m.id === id)?.text ?? '';
      const reasoning = (run.reasoningMessages ?? []).filter((m) => m.id.replace(/:reasoning$/, '') === id);
      showReasoning(item.node, reasoning.map((m) => m.text).join('\n\n'), run.status === 'running' && run.reasoningActive);
      showToolCalls(item.node, run.toolCalls.filter((c) => (c.parentMessageId ?? `${run.id}:calls`) === id)
        .map((c) => ({ id: c.id, name: c.name, args: c.args, done: c.done, answered: c.result !== undefined })));
      item.node.classList.toggle('streaming', run.status === 'running');
      if (run.status === 'running') {
        note(item.node, run.steps.length ? `${run.steps.join(', ')}…` : null);
      } else if (run.status !== 'finished') {
        item.node.classList.add('failed');
        note(item.node, run.status === 'cancelled' ? 'Reply stopped.'
          : run.status === 'interrupted' ? 'The reply was cut off while the connection was down.'
            : `The assistant failed: ${run.error?.message || run.error?.code || 'unknown error'}`);
      }
    }
    if (ids.length === 0 && run.status !== 'running' && run.status !== 'finished' && this.#active === model.name) {
      showError(this.#ui.composerError, `The assistant could not answer: ${run.error?.message || run.status}`);
    }
    if (this.#active === model.name) {
      this.#updateComposer();
      if (near) this.#scrollToEnd();
    }
  }

  // ---- presence, typing, read markers ----

  /** "alice is typing…" under the log, as long as the client says they type (it forgets them after a few s). */
  #renderTyping() {
    const users = this.#active ? this.#client.typingUsers(this.#active) : [];
    const [first, second] = users;
    this.#ui.typing.textContent = users.length === 0 ? ''
      : users.length === 1 ? `${first} is typing…`
        : users.length === 2 ? `${first} and ${second} are typing…`
          : `${first}, ${second} and ${users.length - 2} more are typing…`;
  }

  /**
   * The open conversation, while the page is visible: its read marker (PROTOCOL `read`) moves to the newest
   * stored offset shown (the client sends it only when that moves it forward).
   */
  #markRead(model) {
    if (this.#active !== model.name || document.visibilityState === 'hidden') return;
    let newest = this.#client.lastOffset(model.name) ?? 0;
    for (const item of model.items.values()) if (item.offset > newest) newest = item.offset;
    if (newest > 0) this.#client.markRead(model.name, newest);
    if (model.unread) {
      model.unread = 0;
      this.#renderList();
    }
  }

  /** A read marker moved: yours, in another tab, takes the unread count down with it. */
  #onRead({ conversation, offset, mine }) {
    const model = this.#conversations.get(conversation);
    if (!mine || !model || !model.unread) return;
    // what this page shows above the marker is what is left unread, when it shows everything after the marker
    if (model.oldest !== null && offset + 1 >= model.oldest) {
      const me = this.#client.user;
      model.unread = [...model.items.values()].filter((i) => i.offset > offset && i.message?.sender !== me).length;
      this.#renderList();
    }
  }

  #onPresence({ conversation, user, present }) {
    const model = this.#conversations.get(conversation);
    if (!model) return;
    model.present ??= new Map();
    if (present) model.present.set(user, Math.max(1, model.present.get(user) ?? 0));
    else model.present.delete(user);
    if (this.#active === conversation) this.#renderPresence(model);
  }

  #renderPresence(model) {
    const me = this.#client.user;
    let text;
    if (model.present) {
      const users = [...model.present.keys()].sort();
      text = `Here now: ${users.join(', ') || 'nobody'}`;
    } else {
      const seen = [...new Set([me, ...model.seen].filter(Boolean))];
      text = `Seen here: ${seen.join(', ')} (live presence needs server support)`;
    }
    this.#ui.presence.textContent = text;
  }

  // ---- sending ----

  #send() {
    const { ui } = this;
    const content = ui.message.value.trim();
    const name = this.#active;
    if (!content || !name) return;
    const model = this.#conversations.get(name);
    showError(ui.composerError, null);
    const sending = this.#client.send(name, content, { reply: ui.askAssistant.checked });
    ui.message.value = '';
    const item = { id: sending.id, offset: null, node: this.#bubble({ id: sending.id, role: 'user',
      sender: this.#client.user, content }) };
    item.node.classList.add('pending');
    note(item.node, this.#client.ready ? 'Sending…' : 'Waiting for the connection…');
    model.items.set(item.id, item);
    this.#insert(item);
    this.#scrollToEnd();
    sending.then((ack) => {
      if (!item.offset) {
        item.offset = ack.offset;
        item.node.dataset.offset = String(ack.offset);
        item.node.classList.remove('pending');
        note(item.node, null);
        // others' messages stored before it may have come in while it was pending: it takes its place among them
        if (this.#active === model.name) this.#insert(item);
      }
    }, (error) => {
      item.node.classList.remove('pending');
      item.node.classList.add('failed');
      note(item.node, `Not sent: ${error.message}`);
    });
  }

  /** The open conversation's shared state, as JSON (read-only); hidden while it has none. */
  #renderState() {
    const { ui } = this;
    if (!ui.statePanel) return;
    const held = this.#active ? this.#client.sharedState(this.#active) : undefined;
    if (!held || held.version === 0) {
      ui.statePanel.hidden = true;
      ui.stateJson.textContent = '';
      return;
    }
    ui.statePanel.hidden = false;
    ui.statePanel.dataset.version = String(held.version);
    ui.stateVersion.textContent = `version ${held.version}${held.stale ? ' (catching up…)' : ''}`;
    ui.stateJson.textContent = JSON.stringify(held.state, null, 2);
  }

  #updateComposer() {
    const { ui } = this;
    const open = Boolean(this.#active) && this.#client.state !== 'closed';
    ui.message.disabled = !open;
    ui.send.disabled = !open;
    ui.attach.disabled = !this.#canUpload();
    ui.attach.title = this.#client.supports.upload === false ? 'This server does not take files'
      : 'Attach files (or drop them on the chat)';
    const run = this.#active && this.#client.runs.active(this.#active);
    ui.stopRun.hidden = !(run && run.status === 'running');
  }

  // ---- files ----

  #listenForFiles(listen) {
    const { ui } = this;
    ui.attach.addEventListener('click', () => {
      if (this.#canUpload()) ui.attachInput.click();
    }, listen);
    ui.attachInput.addEventListener('change', () => {
      const files = [...(ui.attachInput.files ?? [])];
      ui.attachInput.value = ''; // the same file picked again is a new upload
      if (files.length && this.#canUpload()) this.#uploads.add(this.#active, files);
      ui.attach.focus();
    }, listen);
    // Escape cancels the upload under way, wherever the focus is while the chat shows (the page itself included)
    document.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || event.isComposing || ui.conversation.closest('.view')?.hidden) return;
      if (this.#uploads.cancelCurrent()) event.preventDefault();
    }, listen);

    const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
    ui.conversation.addEventListener('dragenter', (event) => {
      if (!carriesFiles(event) || !this.#canUpload()) return;
      event.preventDefault();
      this.#dragDepth += 1; // dragenter/dragleave come for every child crossed: count them
      ui.dropTarget.textContent = this.#active;
      ui.dropZone.hidden = false;
      ui.conversation.classList.add('dropping');
    }, listen);
    ui.conversation.addEventListener('dragover', (event) => {
      if (!carriesFiles(event) || !this.#canUpload()) return;
      event.preventDefault(); // this makes the section a drop target
      event.dataTransfer.dropEffect = 'copy';
    }, listen);
    ui.conversation.addEventListener('dragleave', () => {
      if (this.#dragDepth > 0 && --this.#dragDepth === 0) this.#hideDropZone();
    }, listen);
    ui.conversation.addEventListener('drop', (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      this.#hideDropZone();
      const files = [...(event.dataTransfer.files ?? [])];
      if (files.length && this.#canUpload()) this.#uploads.add(this.#active, files);
    }, listen);
    // a file dropped beside the chat must not make the browser leave the console to show it
    for (const type of ['dragover', 'drop']) {
      window.addEventListener(type, (event) => {
        if (!carriesFiles(event) || ui.conversation.contains(event.target)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'none'; // and the pointer says it goes nowhere
        if (type === 'drop') this.#hideDropZone();
      }, listen);
    }
  }

  #canUpload() {
    return Boolean(this.#active) && this.#client.state !== 'closed' && this.#client.supports.upload !== false;
  }

  #hideDropZone() {
    this.#dragDepth = 0;
    this.#ui.dropZone.hidden = true;
    this.#ui.conversation.classList.remove('dropping');
  }

  /** An attachment's image or link, kept when the same one is shown again (a loaded image is not loaded twice). */
  #showAttachment(node, message, model) {
    const box = node.querySelector('.attachment');
    const attachment = message.attachment;
    box.hidden = !attachment;
    if (!attachment) {
      box.replaceChildren();
      delete box.dataset.id;
      node.querySelector('.body').hidden = false;
      return;
    }
    // the body says the file's name already when that is all the message says
    node.querySelector('.body').hidden = message.content === attachment.name;
    if (box.dataset.id === attachment.id) return;
    box.dataset.id = attachment.id;
    const size = formatBytes(attachment.size);
    if (IMAGE_TYPES.has(attachment.mime)) {
      // `loading` before `src`: an image set eagerly would load even far above the screen
      const img = el('img', { loading: 'lazy', decoding: 'async', alt: attachment.name, src: attachment.url });
      const link = el('a', { class: 'attachment-image', href: attachment.url, target: '_blank', rel: 'noopener' }, img);
      img.addEventListener('load', () => {
        const wrap = this.#ui.logWrap;
        if (wrap.scrollHeight - wrap.scrollTop - wrap.clientHeight - img.height < 80) this.#scrollToEnd();
      });
      // a signed url expires: a page left open long gets a fresh one from history, once
      img.addEventListener('error', () => this.#freshUrl(model, message).then((url) => {
        if (url && url !== img.getAttribute('src')) {
          img.src = url;
          link.href = url;
        }
      }), { once: true });
      box.replaceChildren(link, el('span', { class: 'attachment-meta', text: `${attachment.name} · ${size}` }));
    } else {
      const link = el('a', { class: 'attachment-file', href: attachment.url, download: attachment.name },
        el('span', { class: 'attachment-name', text: attachment.name }),
        el('span', { class: 'attachment-meta', text: `${size}${attachment.mime ? ` · ${attachment.mime}` : ''}` }));
      link.addEventListener('click', (event) => {
        if (!expired(link.getAttribute('href'))) return;
        event.preventDefault();
        this.#freshUrl(model, message).then((url) => {
          if (!url) return;
          link.href = url;
          link.click();
        });
      });
      box.replaceChildren(link);
    }
  }

  /** The attachment's url as the server signs it now: the message paged again from history. */
  async #freshUrl(model, message) {
    if (!model || !message.offset) return null;
    try {
      const page = await this.#client.history(model.name, { after: message.offset - 1, limit: 1 });
      const again = page.messages.find((m) => m.id === message.id);
      return again?.attachment?.url ?? null;
    } catch {
      return null;
    }
  }

  // ---- older messages ----

  async #loadOlder() {
    const model = this.#active && this.#conversations.get(this.#active);
    if (!model || !model.hasOlder || model.loadingOlder || (model.oldest === null && model.olderBefore === null)) return;
    model.loadingOlder = true;
    const wrap = this.#ui.logWrap;
    try {
      // past a page of deleted messages only, the page's `next` says where older ones are
      const page = await this.#client.history(model.name, { before: model.olderBefore ?? model.oldest, limit: PAGE });
      const before = wrap.scrollHeight - wrap.scrollTop;
      this.#addPage(model, page);
      this.#ui.loadOlder.hidden = !model.hasOlder;
      wrap.scrollTop = wrap.scrollHeight - before; // keep what was on screen where it was
    } catch (error) {
      showError(this.#ui.composerError, `Could not load older messages: ${error.message}`);
    } finally {
      model.loadingOlder = false;
    }
  }

  // ---- the list and scrolling ----

  #renderList() {
    const { ui } = this;
    const items = [...this.#conversations.values()].map((model) => el('li', {},
      el('button', { type: 'button', 'aria-current': model.name === this.#active ? 'true' : 'false',
        dataset: { conversation: model.name }, onclick: () => this.show(model.name) },
      el('span', { text: model.name }),
      model.unread ? el('span', { class: 'badge', text: String(model.unread), 'aria-label': `${model.unread} unread` }) : null)));
    ui.list.replaceChildren(...items);
    ui.listEmpty.hidden = items.length > 0;
  }

  #nearEnd() {
    const wrap = this.#ui.logWrap;
    return wrap.scrollHeight - wrap.scrollTop - wrap.clientHeight < 80;
  }

  #scrollToEnd() {
    const wrap = this.#ui.logWrap;
    wrap.scrollTop = wrap.scrollHeight;
  }
}

function byOffset(a, b) {
  return (a.offset ?? Number.MAX_SAFE_INTEGER) - (b.offset ?? Number.MAX_SAFE_INTEGER);
}

/** The reasoning of a reply, folded away (its <details> keeps whether the reader opened it). */
function showReasoning(node, text, thinking) {
  const details = node.querySelector('.reasoning');
  details.hidden = !text;
  details.querySelector('summary').textContent = thinking ? 'Reasoning…' : 'Reasoning';
  details.querySelector('.reasoning-text').textContent = text;
}

/** A reply's tool calls: name, arguments (as they stream), and whether a result came. */
function showToolCalls(node, calls) {
  const list = node.querySelector('.tool-calls');
  list.hidden = calls.length === 0;
  list.replaceChildren(...calls.map((call) => {
    const status = call.answered ? 'answered' : call.done ? 'waiting for a result' : 'calling…';
    return el('li', { class: `tool-call${call.answered ? ' answered' : ''}`, dataset: { toolCallId: call.id } },
      el('span', { class: 'tool-name', text: call.name ?? '?' }),
      el('code', { class: 'tool-args', text: call.args || '' }),
      el('span', { class: 'tool-status', text: status }));
  }));
}

function markAnswered(node, toolCallId) {
  for (const li of node.querySelectorAll('.tool-call')) {
    if (li.dataset.toolCallId !== toolCallId) continue;
    li.classList.add('answered');
    li.querySelector('.tool-status').textContent = 'answered';
  }
}

/** Whether a signed attachment url (…?expires=<epoch seconds>&signature=…) is past, or about to be. */
function expired(url) {
  const expires = Number(new URL(url, location.href).searchParams.get('expires'));
  return Number.isFinite(expires) && expires > 0 && expires * 1000 < Date.now() + 5000;
}

/** "(edited)" after the time, saying when. */
function showEdited(node, editedAt) {
  const mark = node.querySelector('.edited');
  mark.hidden = !editedAt;
  if (!editedAt) return mark.removeAttribute('title');
  const when = new Date(editedAt);
  mark.title = `edited ${Number.isNaN(when.getTime()) ? editedAt : when.toLocaleString()}`;
}

/** The start of a message, for a button's label: "“hello there…”". */
function snippet(text) {
  const flat = String(text ?? '').replace(/\s+/g, ' ').trim();
  return `“${flat.length > 40 ? `${flat.slice(0, 40)}…` : flat}”`;
}

function note(node, text) {
  const p = node.querySelector('.note');
  p.textContent = text ?? '';
  p.hidden = !text;
}
