// Shared by the approval and enrolment pages: translations (Vietnamese by default), JSON calls with the
// link token in a header (never a cookie), base64url helpers for WebAuthn.
'use strict';

const SignetI18n = {
  vi: {
    switchLanguage: 'English', approveTitle: 'Yêu cầu ký số', requestedBy: 'Cổng yêu cầu', codeLabel: 'Mã kiểm tra',
    codeHint: 'Chỉ đồng ý khi mã này trùng với mã trên cổng dịch vụ.', documents: 'Tài liệu', timeLeft: 'Thời gian còn lại',
    approve: 'Đồng ý ký', reject: 'Từ chối', useCode: 'Dùng mã từ ứng dụng xác thực', approveWithCode: 'Đồng ý bằng mã',
    digest: 'Mã băm', bytes: 'byte',
    PENDING_APPROVAL: 'Đang chờ bạn đồng ý.', APPROVED: 'Đã đồng ý. Tài liệu đang được ký.', SIGNED: 'Đã ký xong.',
    REJECTED: 'Bạn đã từ chối yêu cầu này.', EXPIRED: 'Yêu cầu đã hết hạn.', FAILED: 'Ký không thành công.',
    notFound: 'Liên kết không hợp lệ hoặc đã được dùng.', refused: 'Không được chấp nhận: ', locked: 'Quá nhiều mã sai, vui lòng thử lại sau.',
    noPasskey: 'Trình duyệt này không hỗ trợ khóa truy cập.', cancelled: 'Đã hủy thao tác.',
    enrolTitle: 'Đăng ký thiết bị ký duyệt', enrolHint: 'Khóa truy cập (passkey) trên điện thoại này sẽ dùng để đồng ý mỗi lần ký.',
    deviceName: 'Tên thiết bị', enrolPasskey: 'Tạo khóa truy cập', enrolTotp: 'Dùng ứng dụng mã OTP',
    ENROLLED: 'Đã đăng ký khóa truy cập.', TOTP_ENROLLED: 'Nhập khóa bí mật này vào ứng dụng xác thực:'
  },
  en: {
    switchLanguage: 'Tiếng Việt', approveTitle: 'Signature request', requestedBy: 'Requested by', codeLabel: 'Verification code',
    codeHint: 'Approve only if this code matches the one shown by the portal.', documents: 'Documents', timeLeft: 'Time left',
    approve: 'Approve and sign', reject: 'Reject', useCode: 'Use a code from an authenticator app', approveWithCode: 'Approve with code',
    digest: 'Digest', bytes: 'bytes',
    PENDING_APPROVAL: 'Waiting for your approval.', APPROVED: 'Approved. The documents are being signed.', SIGNED: 'Signed.',
    REJECTED: 'You rejected this request.', EXPIRED: 'This request has expired.', FAILED: 'Signing failed.',
    notFound: 'This link is not valid or was already used.', refused: 'Refused: ', locked: 'Too many wrong codes, try again later.',
    noPasskey: 'This browser does not support passkeys.', cancelled: 'Cancelled.',
    enrolTitle: 'Register an approval device', enrolHint: 'A passkey on this phone will approve each signature.',
    deviceName: 'Device name', enrolPasskey: 'Create a passkey', enrolTotp: 'Use an OTP app instead',
    ENROLLED: 'Passkey registered.', TOTP_ENROLLED: 'Enter this secret key in your authenticator app:'
  }
};

const Signet = {
  lang: (localStorage.getItem('signet.lang') === 'en') ? 'en' : 'vi',
  token: decodeURIComponent(location.hash.substring(1)),

  t(key) { return SignetI18n[this.lang][key] || key; },

  translate() {
    document.documentElement.lang = this.lang;
    document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = this.t(el.dataset.i18n); });
  },

  initLanguage(onChange) {
    this.translate();
    document.getElementById('lang').addEventListener('click', () => {
      this.lang = this.lang === 'vi' ? 'en' : 'vi';
      localStorage.setItem('signet.lang', this.lang);
      this.translate();
      if (onChange) { onChange(); }
    });
  },

  async call(method, path, header, body) {
    const headers = { 'Accept': 'application/json' };
    headers[header] = this.token;
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store' });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) { const error = new Error(data.detail || response.statusText); error.problem = data; error.status = response.status; throw error; }
    return data;
  },

  message(text, kind) {
    const el = document.getElementById('message');
    el.textContent = text;
    el.className = 'message ' + (kind || '');
  },

  problemText(error) {
    if (error.status === 404) { return this.t('notFound'); }
    if (error.status === 423) { return this.t('locked'); }
    if (error.problem && error.problem.detail) { return this.t('refused') + error.problem.detail; }
    return this.t('refused') + error.message;
  },

  fromB64u(value) {
    const b64 = value.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((value.length + 3) % 4);
    return Uint8Array.from(atob(b64), c => c.charCodeAt(0)).buffer;
  },

  toB64u(buffer) {
    let text = '';
    new Uint8Array(buffer).forEach(b => { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  },

  credentialJson(credential) {
    if (typeof credential.toJSON === 'function') { return credential.toJSON(); }
    const r = credential.response;
    const response = { clientDataJSON: this.toB64u(r.clientDataJSON) };
    if (r.attestationObject) { response.attestationObject = this.toB64u(r.attestationObject); response.transports = r.getTransports ? r.getTransports() : []; }
    if (r.authenticatorData) { response.authenticatorData = this.toB64u(r.authenticatorData); response.signature = this.toB64u(r.signature); }
    if (r.userHandle) { response.userHandle = this.toB64u(r.userHandle); }
    return { id: credential.id, rawId: this.toB64u(credential.rawId), type: credential.type, response,
      clientExtensionResults: credential.getClientExtensionResults(), authenticatorAttachment: credential.authenticatorAttachment };
  }
};
