// The script of the public self-referral pages (no staff components, no third parties).
// "Exit this page" replaces the current history entry instead of adding one, so Back from the
// neutral site does not return to the form (GOV.UK Frontend's own exitPage sets location.href),
// and first asks the server to forget the visitor's answers.
import { Button, ErrorSummary, ExitThisPage, Radios, SkipLink, createAll } from './govuk-frontend.min.js'

class ExitThisPageReplacingHistory extends ExitThisPage {
  exitPage () {
    document.body.classList.add('govuk-exit-this-page-hide-content')
    const overlay = document.createElement('div')
    overlay.className = 'govuk-exit-this-page-overlay'
    overlay.setAttribute('role', 'alert')
    overlay.textContent = 'Loading.'
    document.body.appendChild(overlay)
    this.$overlay = overlay
    // Forget the answers kept in the session; keepalive lets the request finish as the page goes.
    const forget = this.$root.dataset.kidasForgetUrl
    if (forget) {
      fetch(forget, { method: 'POST', keepalive: true, credentials: 'same-origin', headers: { 'X-CSRFToken': this.$root.dataset.kidasCsrfToken || '' } }).catch(() => {})
    }
    // Marks this tab as left: public-left.js will not show a public page brought back from history.
    try { window.sessionStorage.setItem('kidas-left', '1') } catch (e) {}
    window.location.replace(this.$button.href)
  }
}

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
createAll(ExitThisPageReplacingHistory)
createAll(Button)
createAll(ErrorSummary)
createAll(Radios)
createAll(SkipLink)
