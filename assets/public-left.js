// The first script of every public page, run before the page is shown (a classic script in <head>).
// After "Exit this page" in this tab (public.mjs sets the mark), a public page that the browser brings
// back from its history (Back, Forward, or its back-forward cache) is never shown: the tab goes on to
// the neutral site again. A page opened afresh (a typed address, a link) clears the mark.
(function () {
  var MARK = 'kidas-left'
  var root = document.documentElement

  function marked () {
    try { return window.sessionStorage.getItem(MARK) === '1' } catch (e) { return false }
  }

  function fromHistory () {
    var entries = window.performance && window.performance.getEntriesByType ? window.performance.getEntriesByType('navigation') : []
    if (entries.length) return entries[0].type === 'back_forward'
    return Boolean(window.performance && window.performance.navigation && window.performance.navigation.type === 2)
  }

  function leaveAgain () {
    root.style.display = 'none'
    window.location.replace(root.getAttribute('data-kidas-exit-url') || 'about:blank')
  }

  if (marked() && fromHistory()) {
    leaveAgain()
  } else if (marked()) {
    try { window.sessionStorage.removeItem(MARK) } catch (e) {}
  }
  window.addEventListener('pageshow', function (event) {
    if (event.persisted && marked()) leaveAgain()
  })
})()
