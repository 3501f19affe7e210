// The script of the public self-referral pages (no staff components, no third parties).
// "Exit this page" replaces the current history entry instead of adding one, so Back from the
// neutral site does not return to the form. GOV.UK Frontend's own exitPage sets location.href.
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
    window.location.replace(this.$button.href)
  }
}

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
createAll(ExitThisPageReplacingHistory)
createAll(Button)
createAll(ErrorSummary)
createAll(Radios)
createAll(SkipLink)
