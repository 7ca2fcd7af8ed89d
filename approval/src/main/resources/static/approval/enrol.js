// The citizen's enrolment page: registers a passkey on this phone (or sets up a TOTP app).
'use strict';

(function () {
  const API = '/approval/api/enrolment';
  const HEADER = 'X-Enrolment-Token';

  async function load() {
    try {
      const enrolment = await Signet.call('GET', API, HEADER);
      document.getElementById('portal').textContent = enrolment.portal;
      document.getElementById('page').dataset.status = 'READY';
    } catch (error) {
      document.getElementById('page').dataset.status = 'ERROR';
      Signet.message(Signet.problemText(error), 'error');
    }
  }

  async function enrolPasskey() {
    if (!window.PublicKeyCredential) { Signet.message(Signet.t('noPasskey'), 'error'); return; }
    try {
      const options = await Signet.call('POST', API + '/options', HEADER);
      const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON
        ? PublicKeyCredential.parseCreationOptionsFromJSON(options)
        : Object.assign({}, options, { challenge: Signet.fromB64u(options.challenge),
            user: Object.assign({}, options.user, { id: Signet.fromB64u(options.user.id) }),
            excludeCredentials: options.excludeCredentials.map(c => ({ type: c.type, id: Signet.fromB64u(c.id) })) });
      const credential = await navigator.credentials.create({ publicKey });
      await Signet.call('POST', API + '/passkey', HEADER,
        { label: document.getElementById('label').value, credential: Signet.credentialJson(credential) });
      document.getElementById('page').dataset.status = 'ENROLLED';
      Signet.message(Signet.t('ENROLLED'), 'ok');
    } catch (error) {
      Signet.message(error.problem ? Signet.problemText(error) : Signet.t('cancelled'), 'error');
    }
  }

  async function enrolTotp() {
    try {
      const setup = await Signet.call('POST', API + '/totp', HEADER);
      const secret = document.getElementById('totp-secret');
      secret.textContent = setup.secret;
      secret.hidden = false;
      document.getElementById('page').dataset.status = 'TOTP_ENROLLED';
      Signet.message(Signet.t('TOTP_ENROLLED'), 'ok');
    } catch (error) { Signet.message(Signet.problemText(error), 'error'); }
  }

  document.addEventListener('DOMContentLoaded', () => {
    Signet.initLanguage();
    document.getElementById('enrol-passkey').addEventListener('click', enrolPasskey);
    document.getElementById('enrol-totp').addEventListener('click', enrolTotp);
    load();
  });
})();
