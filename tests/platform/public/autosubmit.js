// Submits the page's form on load: the OIDC form_post response and the deep-linking return use it.
// Without scripts the form shows a Continue button instead.
(function () {
  var form = document.querySelector('form[data-autosubmit]');
  if (form) form.submit();
})();
