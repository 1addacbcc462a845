// The Parley web console, served by the gateway at GET /: sign in, chat (with the assistant streaming in), and
// an operator panel. Plain ES modules; the client is the gateway's own ./parley.js.

import { ParleyClient } from './parley.js';
import { ChatView } from './console-chat.js';
import { OperatorPanel } from './console-operator.js';
import { showError, tabStore } from './console-storage.js';

const $ = (id) => document.getElementById(id);
const USER_ID = /^[A-Za-z0-9._:@|+-]{1,128}$/;

const ui = {
  status: $('status'),
  nav: $('nav'),
  navChat: $('nav-chat'),
  navOperator: $('nav-operator'),
  who: $('who'),
  signOut: $('sign-out'),
  main: $('main'),
  views: { signIn: $('view-sign-in'), chat: $('view-chat'), operator: $('view-operator') },
  signIn: { form: $('sign-in-form'), name: $('sign-in-name'), token: $('sign-in-token'), error: $('sign-in-error') },
  chat: {
    list: $('conversation-list'), listEmpty: $('conversation-empty'), joinForm: $('join-form'), joinName: $('join-name'),
    joinError: $('join-error'), title: $('conversation-title'), presence: $('presence'), logWrap: $('log-wrap'),
    log: $('log'), loadOlder: $('load-older'), composer: $('composer'), message: $('message'),
    askAssistant: $('ask-assistant'), attach: $('attach'), stopRun: $('stop-run'), send: $('send'),
    composerError: $('composer-error'), statePanel: $('state-panel'), stateVersion: $('state-version'),
    stateJson: $('state-json'), conversation: $('conversation'), attachInput: $('attach-input'), uploads: $('uploads'),
    dropZone: $('drop-zone'), dropTarget: $('drop-target'), typing: $('typing'),
  },
  operator: {
    keyForm: $('key-form'), serverKey: $('server-key'), forgetKey: $('forget-key'), error: $('operator-error'),
    node: $('operator-node'), tiles: $('tiles'), chart: $('chart'), chartSpan: $('chart-span'), circuits: $('circuits'),
  },
};

let client = null;
let chat = null;
const operator = new OperatorPanel(ui.operator);

function showView(name) {
  for (const [key, view] of Object.entries(ui.views)) view.hidden = key !== name;
  ui.navChat.setAttribute('aria-pressed', String(name === 'chat'));
  ui.navOperator.setAttribute('aria-pressed', String(name === 'operator'));
  ui.navChat.textContent = client ? 'Chat' : 'Sign in';
  if (name === 'operator') operator.start();
  else operator.stop();
  tabStore.set('view', name);
}

function setStatus(state, text) {
  ui.status.dataset.state = state;
  ui.status.textContent = text;
}

function describeStatus(state, last) {
  const user = client?.user ?? '';
  switch (state) {
    case 'open':
      return client.ready ? `Connected as ${user}` : 'Catching up…';
    case 'connecting':
      return 'Connecting…';
    case 'waiting':
      return last?.delayMs != null ? `Connection lost (${last.code}); reconnecting in ${(last.delayMs / 1000).toFixed(1)} s`
        : 'Reconnecting…';
    case 'stopped':
      return `Disconnected (${last?.code ?? '?'}${last?.reason ? `: ${last.reason}` : ''}). Sign in again to reconnect.`;
    case 'idle':
      return 'Idle: reconnects when you send';
    default:
      return 'Not connected';
  }
}

function signIn(name, token) {
  client = new ParleyClient({
    user: name || undefined,
    token: token || undefined,
    logger: new URLSearchParams(location.search).has('debug') ? console : undefined,
  });
  let last = null;
  const refresh = () => setStatus(client.state, describeStatus(client.state, last));
  client.on('status', refresh);
  client.on('ready', refresh);
  client.on('disconnected', (d) => {
    last = d;
    refresh();
  });
  client.on('connected', ({ welcome }) => {
    ui.who.textContent = welcome.user;
  });
  chat = new ChatView(client, ui.chat);
  ui.signOut.hidden = false;
  tabStore.set('user', name);
  showView(tabStore.get('view', 'chat') === 'operator' ? 'operator' : 'chat');
  refresh();
  client.connect().then(() => chat.restore()).then(() => {
    if (!ui.views.chat.hidden) (chat.ui.message.disabled ? ui.chat.joinName : ui.chat.message).focus();
  }, (error) => showError(ui.chat.joinError, error.message));
}

function signOut() {
  client?.close();
  client = null;
  chat?.clear();
  chat = null;
  for (const key of ['user', 'conversations', 'active', 'view']) tabStore.remove(key);
  ui.signOut.hidden = true;
  ui.who.textContent = '';
  setStatus('idle', 'Not connected');
  showView('signIn');
  ui.signIn.name.focus();
}

ui.signIn.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const name = ui.signIn.name.value.trim();
  const token = ui.signIn.token.value.trim();
  if (!token && !USER_ID.test(name)) {
    showError(ui.signIn.error, 'A name is 1–128 letters, digits or . _ : @ | + - (or give a token).');
    ui.signIn.name.focus();
    return;
  }
  showError(ui.signIn.error, null);
  ui.signIn.token.value = '';
  signIn(name, token);
});
ui.signOut.addEventListener('click', signOut);
ui.navChat.addEventListener('click', () => showView(client ? 'chat' : 'signIn'));
ui.navOperator.addEventListener('click', () => showView('operator'));

const remembered = tabStore.get('user', null);
if (remembered && USER_ID.test(remembered)) {
  signIn(remembered, '');
} else {
  ui.signOut.hidden = true;
  showView(tabStore.get('view', null) === 'operator' ? 'operator' : 'signIn');
  if (!ui.views.signIn.hidden) ui.signIn.name.focus();
}
