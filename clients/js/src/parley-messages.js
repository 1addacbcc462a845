// Each joined conversation's messages as they now are: what was delivered (live, replayed, paged in) and what
// history pages brought, one entry per message id in offset order, an edit applied to its message where it stands
// (new content and `edited_at`), a deleted message removed. Bounded: the oldest go first.
//
// Edits and deletes are entries with offsets of their own (PROTOCOL §2). A message carries the edits up to the
// point it was read: its own offset when it came live or in a replay (the edits after it follow as entries), the
// newest offset of its page when a history page brought it (a page is read whole, so every edit below that is in
// its content). An edit is applied only when it is newer than that, so an older page read later never brings back
// an old text.

export class MessageModels {
  #keep;
  /** @type {Map<string, {byId: Map<string, object>, revision: Map<string, number>, deleted: Set<string>}>} */
  #models = new Map();

  /** @param {{keep?: number}} [options] messages kept per conversation (0: none) */
  constructor({ keep = 1000 } = {}) {
    this.#keep = Math.max(0, keep);
  }

  /** The messages of `conversation` as they now are, oldest first (a new array; the objects are shared). */
  list(conversation) {
    const model = this.#models.get(conversation);
    if (!model) return [];
    return [...model.byId.values()].sort((a, b) => a.offset - b.offset);
  }

  /** One message as it now is, or undefined (unknown, deleted, or no longer kept). */
  get(conversation, id) {
    return this.#models.get(conversation)?.byId.get(id);
  }

  /** Starts keeping `conversation` (a join). */
  open(conversation) {
    if (!this.#models.has(conversation)) {
      this.#models.set(conversation, { byId: new Map(), revision: new Map(), deleted: new Set() });
    }
  }

  forget(conversation) {
    this.#models.delete(conversation);
  }

  clear() {
    this.#models.clear();
  }

  /**
   * Applies one stored event (a message, or a message_edited / message_deleted entry). `readAt`: the offset up to
   * which the event's content is current (a history page's newest offset; default the event's own). Returns what it
   * changed: {message} (added or edited, as it now is), {removed} (the message a delete took away), or null.
   */
  apply(event, readAt = event.offset) {
    const model = this.#models.get(event.conversation);
    if (!model || this.#keep === 0) return null;
    switch (event.type ?? 'message') {
      case 'message':
        return this.#put(model, event, readAt);
      case 'message_edited':
        return this.#edit(model, event);
      case 'message_deleted':
        return this.#delete(model, event);
      default:
        return null;
    }
  }

  /** Applies a history page (events oldest first); a page is current up to its newest offset. */
  applyPage(conversation, events) {
    const model = this.#models.get(conversation);
    if (!model) return;
    const readAt = events.reduce((max, e) => Math.max(max, Number(e.offset) || 0), 0);
    for (const event of events) this.apply({ ...event, conversation }, readAt);
  }

  #put(model, message, readAt) {
    if (model.deleted.has(message.id)) return null;
    const held = model.byId.get(message.id);
    if (held && (model.revision.get(message.id) ?? 0) >= readAt) return null; // what is held is as new
    const { type, ...fields } = message;
    const stored = { type: 'message', ...fields };
    model.byId.set(message.id, stored);
    model.revision.set(message.id, Math.max(readAt, message.offset));
    this.#bound(model);
    return model.byId.has(message.id) ? { message: stored } : null;
  }

  #edit(model, event) {
    const held = model.byId.get(event.id);
    if (!held || (model.revision.get(event.id) ?? 0) >= event.offset) return null;
    const edited = { ...held, content: event.content, edited_at: event.at };
    model.byId.set(event.id, edited);
    model.revision.set(event.id, event.offset);
    return { message: edited };
  }

  #delete(model, event) {
    const held = model.byId.get(event.id);
    model.byId.delete(event.id);
    model.revision.delete(event.id);
    model.deleted.add(event.id);
    if (model.deleted.size > Math.max(1000, this.#keep * 2)) model.deleted.delete(model.deleted.values().next().value);
    return held ? { removed: held } : null;
  }

  #bound(model) {
    while (model.byId.size > this.#keep) {
      let oldest = null;
      for (const message of model.byId.values()) if (!oldest || message.offset < oldest.offset) oldest = message;
      model.byId.delete(oldest.id);
      model.revision.delete(oldest.id);
    }
  }
}
