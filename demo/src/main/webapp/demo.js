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
    table($('queue'), [['subject', 'Subject'], ['mailbox', 'Mailbox'], ['state', 'State'], ['attempts', 'Attempts'],
      ['nextAttempt', 'Next attempt'], ['lastError', 'Last error']], sp.available ? sp.queue : []);
    $('orders').textContent = s.orders;
    $('smtp-address').textContent = s.smtp.running ? `(${s.smtp.address})` : `(${s.smtp.problem})`;
    table($('smtp'), [['subject', 'Subject'], ['from', 'From'], ['to', 'To (envelope and headers)'], ['messageId', 'Message-ID'],
      ['replyTo', 'Reply-To'], ['dkimSignature', 'DKIM-Signature']], s.smtp.messages);
  } catch (e) {
    $('spooler').textContent = 'status unavailable: ' + e.message;
  }
}

async function refresh() {
  document.querySelectorAll('.mb').forEach((el) => { el.textContent = mailbox(); });
  await Promise.all([refreshFolder('outbox', $('outbox')), refreshFolder('sent_items', $('sent')),
    refreshFolder('inbox', $('inbox')), refreshStatus()]);
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
