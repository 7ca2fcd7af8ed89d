// The citizen's approval page: shows what is signed and approves with a passkey (or a TOTP code).
'use strict';

(function () {
  const API = '/approval/api/request';
  const HEADER = 'X-Approval-Token';
  let view = null;
  let clockOffset = 0;
  let timer = null;

  function formatSize(bytes) {
    const locale = Signet.lang === 'vi' ? 'vi-VN' : 'en-GB';
    if (bytes >= 1024 * 1024) { return (bytes / 1024 / 1024).toLocaleString(locale, { maximumFractionDigits: 1 }) + ' MB'; }
    if (bytes >= 1024) { return (bytes / 1024).toLocaleString(locale, { maximumFractionDigits: 1 }) + ' KB'; }
    return bytes.toLocaleString(locale) + ' ' + Signet.t('bytes');
  }

  function setStatus(status) {
    document.getElementById('page').dataset.status = status;
    const pending = status === 'PENDING_APPROVAL';
    document.getElementById('actions').hidden = !pending;
    if (status !== 'LOADING') { Signet.message(Signet.t(status), pending ? '' : (status === 'REJECTED' || status === 'EXPIRED' || status === 'FAILED' ? 'error' : 'ok')); }
  }

  function render() {
    if (!view) { return; }
    document.getElementById('portal').textContent = view.portal;
    document.getElementById('code').textContent = view.verificationCode;
    const list = document.getElementById('documents');
    list.replaceChildren();
    view.documents.forEach(d => {
      const item = document.createElement('li');
      const name = document.createElement('div');
      name.className = 'name';
      name.textContent = d.name;
      const meta = document.createElement('div');
      meta.className = 'meta';
      meta.textContent = formatSize(d.size) + ' · ' + Signet.t('digest') + ' ' + view.hashAlgorithm + ': ' + d.digestPrefix + '…';
      item.append(name, meta);
      list.append(item);
    });
    document.getElementById('approve').hidden = !view.passkey;
    document.getElementById('totp').hidden = !view.totp;
    document.getElementById('totp').open = view.totp && !view.passkey;
    setStatus(view.status);
    tick();
  }

  function tick() {
    if (!view) { return; }
    const left = Math.max(0, Math.floor((Date.parse(view.expiresAt) - (Date.now() + clockOffset)) / 1000));
    document.getElementById('countdown').textContent = Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
    if (left === 0 && view.status === 'PENDING_APPROVAL') { clearInterval(timer); timer = null; load(); }
  }

  async function load() {
    try {
      view = await Signet.call('GET', API, HEADER);
      clockOffset = Date.parse(view.serverTime) - Date.now();
      render();
      if (!timer && view.status === 'PENDING_APPROVAL') { timer = setInterval(tick, 1000); }
    } catch (error) {
      document.getElementById('actions').hidden = true;
      document.getElementById('page').dataset.status = 'ERROR';
      Signet.message(Signet.problemText(error), 'error');
    }
  }

  async function busy(action) {
    document.querySelectorAll('button.primary, button.secondary').forEach(b => { b.disabled = true; });
    try { await action(); } finally { document.querySelectorAll('button.primary, button.secondary').forEach(b => { b.disabled = false; }); }
  }

  async function approve() {
    if (!window.PublicKeyCredential) { Signet.message(Signet.t('noPasskey'), 'error'); return; }
    let options;
    try {
      options = await Signet.call('POST', API + '/options', HEADER);
    } catch (error) { Signet.message(Signet.problemText(error), 'error'); await load(); return; }
    const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON
      ? PublicKeyCredential.parseRequestOptionsFromJSON(options)
      : Object.assign({}, options, { challenge: Signet.fromB64u(options.challenge),
          allowCredentials: options.allowCredentials.map(c => ({ type: c.type, id: Signet.fromB64u(c.id) })) });
    let credential;
    try {
      credential = await navigator.credentials.get({ publicKey });
    } catch (error) { Signet.message(Signet.t('cancelled'), 'error'); return; }
    try {
      const outcome = await Signet.call('POST', API + '/approve', HEADER, Signet.credentialJson(credential));
      view.status = outcome.status;
      setStatus(outcome.status);
    } catch (error) { Signet.message(Signet.problemText(error), 'error'); }
  }

  async function approveWithCode() {
    try {
      const outcome = await Signet.call('POST', API + '/approve-totp', HEADER, { code: document.getElementById('totp-code').value.trim() });
      view.status = outcome.status;
      setStatus(outcome.status);
    } catch (error) { Signet.message(Signet.problemText(error), 'error'); }
  }

  async function reject() {
    try {
      const outcome = await Signet.call('POST', API + '/reject', HEADER);
      view.status = outcome.status;
      setStatus(outcome.status);
    } catch (error) { Signet.message(Signet.problemText(error), 'error'); }
  }

  document.addEventListener('DOMContentLoaded', () => {
    Signet.initLanguage(render);
    document.getElementById('approve').addEventListener('click', () => busy(approve));
    document.getElementById('approve-totp').addEventListener('click', () => busy(approveWithCode));
    document.getElementById('reject').addEventListener('click', () => busy(reject));
    load();
  });
})();
