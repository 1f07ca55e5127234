// Platform side of the 1EdTech "LTI Client Side postMessages" and "LTI Platform Storage" specs, plus the
// launch page's own duties. Runs in two places on the platform origin:
//  - the launch page (body[data-role=launch]) that embeds the tool frame: answers lti.capabilities, stores
//    data when the tool uses lti_storage_target=_parent, resizes the tool frame (lti.frameResize), follows
//    org.imsglobal.lti.close (dynamic registration), and submits the OIDC login initiation into the frame;
//  - the hidden storage frame (body[data-role=storage]) the tool reaches as window.parent.frames[target].
// Data is partitioned by the sending tool's origin, kept in this origin's localStorage (first-party even
// when third-party cookies are blocked), short-lived and size-limited.
(function () {
  'use strict';
  var body = document.body;
  var role = body.getAttribute('data-role');
  var storageFrame = body.getAttribute('data-storage-frame') || 'post_message_forwarding';
  var toolOrigins = JSON.parse(body.getAttribute('data-tool-origins') || '[]');
  var PREFIX = 'lti-platform-storage|';
  var LIFETIME_MS = 60 * 60 * 1000;
  var MAX_CHARS_PER_ORIGIN = 16384;
  var MAX_KEYS_PER_ORIGIN = 500;

  function storageKey(origin, key) {
    return PREFIX + origin + '|' + key;
  }

  function entriesFor(origin) {
    var out = [];
    var now = Date.now();
    for (var i = localStorage.length - 1; i >= 0; i--) {
      var k = localStorage.key(i);
      if (!k || k.indexOf(PREFIX) !== 0) continue;
      var item;
      try {
        item = JSON.parse(localStorage.getItem(k));
      } catch {
        item = null;
      }
      if (!item || item.exp <= now) {
        localStorage.removeItem(k);
        continue;
      }
      if (k.indexOf(PREFIX + origin + '|') === 0) out.push({ key: k, value: item.v });
    }
    return out;
  }

  function reply(event, fields) {
    var msg = { subject: event.data.subject + '.response' };
    if (event.data.message_id !== undefined) msg.message_id = event.data.message_id;
    for (var f in fields) msg[f] = fields[f];
    event.source.postMessage(msg, event.origin);
  }

  function fail(event, code, message) {
    reply(event, { error: { code: code, message: message } });
  }

  function capabilities() {
    // On the launch page the storage lives in the named frame when there is one, else in this window.
    var inFrame = role === 'storage' || !!document.querySelector('iframe[name="' + storageFrame + '"]');
    var put = { subject: 'lti.put_data' };
    var get = { subject: 'lti.get_data' };
    if (inFrame) {
      put.frame = storageFrame;
      get.frame = storageFrame;
    }
    var list = [{ subject: 'lti.capabilities' }, put, get];
    if (role === 'launch') list.push({ subject: 'lti.frameResize' });
    return list;
  }

  function putData(event) {
    var d = event.data;
    if (typeof d.key !== 'string' || !d.key) return fail(event, 'bad_request', "Missing required 'key' field");
    if (!d.message_id) return fail(event, 'bad_request', "Missing required 'message_id' field");
    var k = storageKey(event.origin, d.key);
    if (d.value === null || d.value === undefined) {
      localStorage.removeItem(k);
      return reply(event, { key: d.key });
    }
    var value = String(d.value);
    var existing = entriesFor(event.origin).filter(function (e) {
      return e.key !== k;
    });
    var chars = existing.reduce(function (n, e) {
      return n + e.key.length + String(e.value).length;
    }, 0);
    if (existing.length >= MAX_KEYS_PER_ORIGIN || chars + k.length + value.length > MAX_CHARS_PER_ORIGIN) {
      return fail(event, 'storage_exhaustion', 'Storage limit reached for this tool');
    }
    try {
      localStorage.setItem(k, JSON.stringify({ v: value, exp: Date.now() + LIFETIME_MS }));
    } catch {
      return fail(event, 'storage_exhaustion', 'The browser refused to store the value');
    }
    reply(event, { key: d.key, value: value });
  }

  function getData(event) {
    var d = event.data;
    if (typeof d.key !== 'string' || !d.key) return fail(event, 'bad_request', "Missing required 'key' field");
    if (!d.message_id) return fail(event, 'bad_request', "Missing required 'message_id' field");
    var k = storageKey(event.origin, d.key);
    var found = entriesFor(event.origin).filter(function (e) {
      return e.key === k;
    })[0];
    reply(event, { key: d.key, value: found ? found.value : null });
  }

  function toolFrame() {
    return document.getElementById('tool_frame');
  }

  window.addEventListener('message', function (event) {
    var d = event.data;
    if (!d || typeof d !== 'object' || typeof d.subject !== 'string' || !event.source) return;
    if (/\.response$/.test(d.subject)) return;
    if (d.subject === 'org.imsglobal.lti.close' && role === 'launch') {
      var closeUrl = body.getAttribute('data-close-url');
      if (closeUrl) window.location.assign(closeUrl);
      return;
    }
    if (d.subject.indexOf('lti.') !== 0) return;
    if (toolOrigins.indexOf(event.origin) === -1)
      return fail(event, 'wrong_origin', 'Messages are accepted from the launched tool only');
    switch (d.subject) {
      case 'lti.capabilities':
        return reply(event, { supported_messages: capabilities() });
      case 'lti.put_data':
        return putData(event);
      case 'lti.get_data':
        return getData(event);
      case 'lti.frameResize':
        // The height is the tool's content; the frame's own borders come on top (as jQuery's height() in Canvas).
        if (role === 'launch' && toolFrame() && Number(d.height) > 0) {
          var f = toolFrame();
          var borders = f.offsetHeight - f.clientHeight;
          f.style.height = Math.min(Number(d.height), 20000) + borders + 'px';
        }
        return;
      default:
        if (role === 'launch' && d.message_id) fail(event, 'unsupported_subject', 'Not supported: ' + d.subject);
    }
  });

  if (role === 'launch') {
    // Start the launch once the storage frame is ready, so the tool finds it from its first request.
    var form = document.getElementById('launch_form');
    var frame = document.querySelector('iframe[name="' + storageFrame + '"]');
    var started = false;
    var start = function () {
      if (started || !form) return;
      started = true;
      form.submit();
      var status = document.getElementById('launch_status');
      if (status) status.textContent = '';
    };
    if (!frame) start();
    else {
      frame.addEventListener('load', start);
      if (
        frame.contentDocument &&
        frame.contentDocument.readyState === 'complete' &&
        frame.contentWindow.location.href !== 'about:blank'
      )
        start();
    }
  }
})();
