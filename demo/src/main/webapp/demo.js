'use strict';
const $ = (id) => document.getElementById(id);
const api = (path) => 'api/' + path;

function mailbox() { return $('mailbox').value.trim() || 'alice'; }

function esc(s) {
  return String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
}

function table(el, columns, rows) {
  const head = '<tr>' + columns.map((c) => `<th>${esc(c[1])}</th>`).join('') + '</tr>';
  const body = rows.length === 0
    ? `<tr><td class="empty" colspan="${columns.length}">empty</td></tr>`
    : rows.map((r) => '<tr>' + columns.map((c) => `<td>${esc(typeof c[0] === 'function' ? c[0](r) : r[c[0]])}</td>`).join('') + '</tr>').join('');
  el.innerHTML = head + body;
}

const folderColumns = [
  ['subject', 'Subject'], ['to', 'To'], ['from', 'From'], ['messageClass', 'Class'],
  [(r) => (r.submitted ? 'submitted' : 'not submitted') + ' (0x' + r.flags.toString(16) + ' ' + r.flagNames.join('|') + ')', 'PR_MESSAGE_FLAGS'],
  ['time', 'Time'],
];

async function getJson(path) {
  const response = await fetch(api(path), { cache: 'no-store' });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

async function refreshFolder(kind, el) {
  try {
    table(el, folderColumns, await getJson(`mailboxes/${encodeURIComponent(mailbox())}/folders/${kind}`));
  } catch (e) {
    el.innerHTML = `<tr><td class="empty">${esc(e.message)}</td></tr>`;
  }
}

async function refreshStatus() {
  try {
    const s = await getJson('status');
    const sp = s.spooler;
    $('spooler').innerHTML = sp.available
      ? '<dl>' + [['claimed', 'Claimed'], ['delivered', 'Delivered (recipients)'], ['deferred', 'Deferred (recipients)'],
        ['failed', 'Failed (recipients)'], ['finished', 'Finished messages'], ['inFlight', 'In flight / waiting for retry'], ['queueDepth', 'Queue depth'], ['ndrsWritten', 'Non-delivery reports'], ['deliveryReportsWritten', 'Delivery reports'], ['unexpectedErrors', 'Unexpected errors'],
        ['lastError', 'Last error']].map(([k, label]) => `<dt>${label}</dt><dd id="spooler-${k}">${esc(sp[k] ?? '—')}</dd>`).join('') + '</dl>'
      : `<p>${esc(sp.problem)}</p>`;
    const q = s.queue;
    $('queue-gauges').innerHTML = q.available
      ? '<dl>' + [['depth', 'Queued (all servers)'], ['urgentDepth', 'Urgent lane'], ['normalDepth', 'Normal lane'],
        ['nonUrgentDepth', 'Non-urgent lane'], ['held', 'Held'], ['oldestDueAgeSeconds', 'Oldest due message waits (s)']]
        .map(([k, label]) => `<dt>${label}</dt><dd id="queue-${k}">${esc(q[k])}</dd>`).join('')
        + `<dt>Held mailboxes</dt><dd id="queue-heldMailboxes">${esc((q.heldMailboxes || []).join(', ') || '—')}</dd></dl>`
      : `<p>${esc(q.problem)}</p>`;
    $('orders').textContent = s.orders;
    $('smtp-address').textContent = s.smtp.running ? `(${s.smtp.address})` : `(${s.smtp.problem})`;
    $('bounce-marked').textContent = (s.smtp.bounceLater || []).join(', ') || '—';
    $('bounces-written').textContent = s.smtp.bouncesWritten ?? 0;
    table($('smtp'), [['subject', 'Subject'], ['from', 'From'], ['to', 'To (envelope and headers)'], ['returnPath', 'Return-Path (envelope sender)'], ['messageId', 'Message-ID'],
      ['replyTo', 'Reply-To'], ['dkimSignature', 'DKIM-Signature']], s.smtp.messages);
  } catch (e) {
    $('spooler').textContent = 'status unavailable: ' + e.message;
  }
}

function actions(r) {
  const button = (op, label) => `<button type="button" data-op="${op}" data-id="${esc(r.entryId)}">${label}</button>`;
  return button('retryNow', 'Retry now') + (r.state === 'HELD' ? button('release', 'Release') : button('hold', 'Hold'))
    + button('cancel', 'Cancel');
}

async function refreshQueue() {
  const params = new URLSearchParams({ mailbox: $('q-mailbox').value, state: $('q-state').value, lastError: $('q-error').value });
  try {
    const rows = await getJson('queue?' + params);
    const columns = [['subject', 'Subject'], ['mailbox', 'Mailbox'], ['state', 'State'], ['lane', 'Lane'], ['attempts', 'Attempts'],
      ['nextAttempt', 'Next attempt'], ['lastError', 'Last error'], ['heldBy', 'Held by']];
    table($('queue'), columns, rows);
    // The buttons are HTML, not text: added after the escaped cells.
    $('queue').querySelector('tr').insertAdjacentHTML('beforeend', '<th>Actions</th>');
    const trs = $('queue').querySelectorAll('tr');
    rows.forEach((r, i) => trs[i + 1].insertAdjacentHTML('beforeend', `<td class="actions">${actions(r)}</td>`));
  } catch (e) {
    $('queue').innerHTML = `<tr><td class="empty">${esc(e.message)}</td></tr>`;
  }
}

async function post(path, argument, el) {
  el.hidden = false;
  try {
    const response = await fetch(api(path), {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-MsgStore-Demo': '1' },
      body: JSON.stringify(argument),
    });
    const body = await response.json();
    el.className = 'result ' + (response.ok ? 'ok' : 'error');
    el.textContent = response.ok ? body.text : 'Refused: ' + body.error;
  } catch (e) {
    el.className = 'result error';
    el.textContent = 'Error: ' + e.message;
  }
  refresh();
}

$('bounce-form').addEventListener('submit', (event) => {
  event.preventDefault();
  post('smtp/bounce-later', { address: $('bounce-address').value }, $('bounce-result'));
});

async function queueOperation(op, argument) {
  const el = $('queue-result');
  el.hidden = false;
  try {
    const response = await fetch(api('queue/' + op), {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-MsgStore-Demo': '1' },
      body: JSON.stringify({ argument }),
    });
    const body = await response.json();
    el.className = 'result ' + (response.ok ? 'ok' : 'error');
    el.textContent = response.ok ? body.text : 'Refused: ' + body.error;
  } catch (e) {
    el.className = 'result error';
    el.textContent = 'Error: ' + e.message;
  }
  refresh();
}

$('queue').addEventListener('click', (event) => {
  const b = event.target.closest('button[data-op]');
  if (b) queueOperation(b.dataset.op, b.dataset.id);
});
const queueMailbox = () => $('q-mailbox').value.trim() || mailbox();
$('hold-mailbox').addEventListener('click', () => queueOperation('holdMailbox', queueMailbox()));
$('release-mailbox').addEventListener('click', () => queueOperation('releaseMailbox', queueMailbox()));
$('retry-deferred').addEventListener('click', () => queueOperation('retryAllDeferred', ''));
['q-mailbox', 'q-state', 'q-error'].forEach((id) => $(id).addEventListener('change', refresh));

async function refresh() {
  document.querySelectorAll('.mb').forEach((el) => { el.textContent = mailbox(); });
  await Promise.all([refreshFolder('outbox', $('outbox')), refreshFolder('sent_items', $('sent')),
    refreshFolder('inbox', $('inbox')), refreshStatus(), refreshQueue()]);
}

function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function show(kind, text) {
  const el = $('result');
  el.hidden = false;
  el.className = 'result ' + kind;
  el.textContent = text;
}

$('compose').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('send').disabled = true;
  try {
    const form = {
      to: $('to').value, cc: $('cc').value, bcc: $('bcc').value, replyTo: $('replyTo').value,
      subject: $('subject').value, body: $('body').value,
      deferMinutes: parseInt($('defer').value || '0', 10),
      deleteAfterSubmit: $('deleteAfterSubmit').checked,
      deliveryReport: $('deliveryReport').checked,
      forceRollback: $('forceRollback').checked,
    };
    const file = $('attachment').files[0];
    if (file) {
      form.attachmentName = file.name;
      form.attachmentType = file.type;
      form.attachmentBase64 = await readFile(file);
    }
    const response = await fetch(api(`mailboxes/${encodeURIComponent(mailbox())}/messages`), {
      // X-MsgStore-Demo: the server takes changes only with it (LoopbackGuard), which no other
      // site's form, image or script can send.
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-MsgStore-Demo': '1' }, body: JSON.stringify(form),
    });
    let body;
    try { body = await response.json(); } catch (e) { body = { error: `HTTP ${response.status} ${response.statusText}` }; }
    if (!response.ok) {
      show('error', body.code ? `${body.name} ${body.code}\n${body.error}\n${body.text}` : `Error: ${body.error}`);
    } else if (body.outcome === 'rolled back') {
      show('rolledback', body.text);
    } else {
      show('ok', body.text);
    }
  } catch (e) {
    show('error', 'Error: ' + e.message);
  } finally {
    $('send').disabled = false;
    refresh();
  }
});

$('mailbox').addEventListener('change', refresh);
refresh();
setInterval(refresh, 1500);
