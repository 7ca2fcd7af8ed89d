// Signet auditor page: validates a dropped file through POST /api/v1/validations with the auditor's
// bearer token and shows one coloured card per signature. No framework; every value from the
// server is written with textContent, never as HTML.
(function () {
  'use strict';

  const MESSAGES = {
    vi: {
      title: 'Kiểm tra chữ ký số',
      tokenLabel: 'Mã truy cập (bearer token)',
      tokenHint: 'Dán mã truy cập của kiểm toán viên (môi trường phát triển: ./signet dev-token auditor). Mã chỉ được giữ trong thẻ trình duyệt này.',
      dropHere: 'Kéo thả tệp đã ký vào đây, hoặc chọn tệp:',
      moreOptions: 'Tuỳ chọn khác',
      originalsLabel: 'Tệp gốc (chữ ký tách rời)',
      timeLabel: 'Thời điểm kiểm tra (ISO-8601, để trống = hiện tại)',
      validate: 'Kiểm tra',
      showReport: 'Xem báo cáo chi tiết',
      reportTitle: 'Báo cáo chi tiết (DSS)',
      pdfReport: 'Tải báo cáo PDF',
      working: 'Đang kiểm tra…',
      noFile: 'Hãy chọn một tệp.',
      noToken: 'Hãy dán mã truy cập.',
      noSignature: 'Không tìm thấy chữ ký nào trong tệp.',
      summary: (n, ok) => `${n} chữ ký, ${ok} hợp lệ.`,
      cached: 'từ bộ nhớ đệm',
      signature: 'Chữ ký',
      TOTAL_PASSED: 'Hợp lệ',
      TOTAL_FAILED: 'Không hợp lệ',
      INDETERMINATE: 'Chưa xác định',
      signer: 'Người ký',
      signingTime: 'Thời điểm ký',
      level: 'Định dạng',
      scope: 'Phạm vi',
      FULL: 'Toàn bộ tài liệu',
      PARTIAL: 'Một phần tài liệu (có thay đổi sau khi ký)',
      DIGEST: 'Giá trị băm',
      reason: 'Lý do',
      changes: 'Thay đổi sau khi ký',
      none: 'Không có',
      errors: 'Lỗi',
      warnings: 'Cảnh báo',
      timestamps: 'Dấu thời gian',
      http401: 'Mã truy cập không hợp lệ hoặc đã hết hạn.',
      http403: 'Mã truy cập không có quyền kiểm tra.',
      failed: 'Không kiểm tra được tệp'
    },
    en: {
      title: 'Signature verification',
      tokenLabel: 'Access token (bearer token)',
      tokenHint: 'Paste your auditor access token (development: ./signet dev-token auditor). It is kept in this browser tab only.',
      dropHere: 'Drop a signed file here, or choose one:',
      moreOptions: 'More options',
      originalsLabel: 'Original files (detached signatures)',
      timeLabel: 'Validation time (ISO-8601, empty = now)',
      validate: 'Validate',
      showReport: 'Show detailed report',
      reportTitle: 'Detailed report (DSS)',
      pdfReport: 'Download PDF report',
      working: 'Validating…',
      noFile: 'Choose a file first.',
      noToken: 'Paste an access token first.',
      noSignature: 'No signature found in the file.',
      summary: (n, ok) => `${n} signature(s), ${ok} valid.`,
      cached: 'from cache',
      signature: 'Signature',
      TOTAL_PASSED: 'Valid',
      TOTAL_FAILED: 'Invalid',
      INDETERMINATE: 'Indeterminate',
      signer: 'Signed by',
      signingTime: 'Signing time',
      level: 'Format',
      scope: 'Scope',
      FULL: 'Whole document',
      PARTIAL: 'Part of the document (changed after signing)',
      DIGEST: 'Digest',
      reason: 'Reason',
      changes: 'Changes after signing',
      none: 'None',
      errors: 'Errors',
      warnings: 'Warnings',
      timestamps: 'Timestamps',
      http401: 'The access token is invalid or expired.',
      http403: 'The access token may not validate documents.',
      failed: 'The file could not be validated'
    }
  };

  const API = '/api/v1/validations';
  let lang = 'vi';
  let lastReport = null;
  let droppedFile = null;

  const $ = (id) => document.getElementById(id);
  const t = (key) => MESSAGES[lang][key] !== undefined ? MESSAGES[lang][key] : key;

  function applyLanguage(next) {
    lang = next;
    document.documentElement.lang = next;
    document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
    document.querySelectorAll('.lang button').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.lang === next)));
    document.title = 'Signet — ' + t('title');
    if (lastReport) {
      render(lastReport);
    }
  }

  function chosenFile() {
    return droppedFile || ($('file').files.length ? $('file').files[0] : null);
  }

  function form(report, extra) {
    const data = new FormData();
    data.append('file', chosenFile());
    Array.from($('originals').files).forEach((f) => data.append('originals', f));
    const at = $('validation-time').value.trim();
    if (at) {
      data.append('validationTime', at);
    }
    if (report) {
      data.append('report', report);
    }
    Object.entries(extra || {}).forEach(([name, value]) => data.append(name, value));
    return data;
  }

  async function call(report, extra) {
    const token = $('token').value.trim();
    if (!token) {
      throw new Error(t('noToken'));
    }
    sessionStorage.setItem('signet.token', token);
    const response = await fetch(API, { method: 'POST', headers: { 'Authorization': 'Bearer ' + token }, body: form(report, extra) });
    if (response.status === 401 || response.status === 403) {
      throw new Error(t('http' + response.status));
    }
    if (!response.ok) {
      let detail = '';
      try { detail = (await response.json()).detail || ''; } catch (ignored) { /* not a problem body */ }
      throw new Error(t('failed') + ' (' + response.status + ')' + (detail ? ': ' + detail : ''));
    }
    return response;
  }

  async function validate() {
    hideError();
    if (!chosenFile()) {
      showError(t('noFile'));
      return;
    }
    $('summary').textContent = t('working');
    $('signatures').replaceChildren();
    $('result').hidden = false;
    $('report-panel').hidden = true;
    $('pdf-link').hidden = true;
    try {
      const response = await call(null);
      lastReport = await response.json();
      render(lastReport);
    } catch (e) {
      $('result').hidden = true;
      showError(e.message);
    }
  }

  async function showReport() {
    hideError();
    try {
      const response = await call('html');
      $('report').srcdoc = await response.text();
      $('report-panel').hidden = false;
    } catch (e) {
      showError(e.message);
    }
  }

  // The API needs the bearer token, so a plain link cannot fetch the report: fetch it, then offer
  // the bytes through an object URL on a download link (in the page's current language).
  async function downloadPdf() {
    hideError();
    try {
      const response = await call('pdf', { lang: lang });
      const blob = await response.blob();
      const link = $('pdf-link');
      if (link.href) URL.revokeObjectURL(link.href);
      link.href = URL.createObjectURL(blob);
      const name = chosenFile() ? chosenFile().name.replace(/\.[A-Za-z0-9]{1,5}$/, '') : 'document';
      link.download = name + '-validation-' + lang + '.pdf';
      link.textContent = link.download;
      link.hidden = false;
      link.click();
    } catch (e) {
      showError(e.message);
    }
  }

  function verdictClass(indication) {
    if (indication === 'TOTAL_PASSED') return 'verdict-passed';
    if (indication === 'TOTAL_FAILED') return 'verdict-failed';
    return 'verdict-indeterminate';
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function row(dl, label, value) {
    dl.append(el('dt', label), el('dd', value === null || value === undefined || value === '' ? '—' : value));
  }

  function list(card, label, items) {
    if (!items || !items.length) return;
    card.append(el('strong', label));
    const ul = el('ul');
    items.forEach((i) => ul.append(el('li', i)));
    card.append(ul);
  }

  function when(iso) {
    if (!iso) return null;
    return new Date(iso).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZoneName: 'short' });
  }

  function render(report) {
    $('result').hidden = false;
    const summary = $('summary');
    summary.textContent = report.signaturesCount === 0 && (!report.timestamps || !report.timestamps.length)
      ? t('noSignature') : t('summary')(report.signaturesCount, report.validSignaturesCount);
    if (report.cached) summary.append(el('span', t('cached'), 'badge'));
    const box = $('signatures');
    box.replaceChildren();
    report.signatures.forEach((s, index) => {
      const card = el('article', null, 'signature ' + verdictClass(s.indication));
      card.dataset.indication = s.indication;
      card.append(el('h3', t('signature') + ' ' + (index + 1) + ': ' + t(s.indication)));
      const dl = el('dl');
      row(dl, t('signer'), s.signedBy);
      row(dl, t('signingTime'), when(s.signingTime));
      row(dl, t('level'), s.level);
      row(dl, t('scope'), s.scope ? t(s.scope) : null);
      if (s.subIndication) row(dl, t('reason'), s.subIndication);
      if (s.timestamps && s.timestamps.length) {
        row(dl, t('timestamps'), s.timestamps.map((ts) => (ts.producedBy || '?') + ' — ' + when(ts.productionTime) + ' (' + ts.indication + ')').join('; '));
      }
      card.append(dl);
      list(card, t('changes'), s.changes);
      list(card, t('errors'), s.errors);
      list(card, t('warnings'), s.warnings);
      box.append(card);
    });
    (report.timestamps || []).forEach((ts, index) => {
      const card = el('article', null, 'signature ' + (ts.indication === 'PASSED' ? 'verdict-passed' : ts.indication === 'FAILED' ? 'verdict-failed' : 'verdict-indeterminate'));
      card.dataset.indication = ts.indication;
      card.append(el('h3', t('timestamps') + ' ' + (index + 1) + ': ' + ts.indication));
      const dl = el('dl');
      row(dl, t('signer'), ts.producedBy);
      row(dl, t('signingTime'), when(ts.productionTime));
      card.append(dl);
      list(card, t('errors'), ts.errors);
      box.append(card);
    });
  }

  function showError(message) {
    $('error').textContent = message;
    $('error').hidden = false;
  }

  function hideError() {
    $('error').hidden = true;
  }

  document.addEventListener('DOMContentLoaded', () => {
    const saved = sessionStorage.getItem('signet.token');
    if (saved) $('token').value = saved;
    document.querySelectorAll('.lang button').forEach((b) => b.addEventListener('click', () => applyLanguage(b.dataset.lang)));
    $('validate').addEventListener('click', validate);
    $('show-report').addEventListener('click', showReport);
    $('pdf-report').addEventListener('click', downloadPdf);
    $('file').addEventListener('change', () => { droppedFile = null; $('file-name').textContent = chosenFile() ? chosenFile().name : ''; });
    const drop = $('drop');
    ['dragenter', 'dragover'].forEach((type) => drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add('over'); }));
    ['dragleave', 'drop'].forEach((type) => drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.remove('over'); }));
    drop.addEventListener('drop', (e) => {
      if (e.dataTransfer.files.length) {
        droppedFile = e.dataTransfer.files[0];
        $('file-name').textContent = droppedFile.name;
        validate();
      }
    });
    applyLanguage('vi');
  });
}());
