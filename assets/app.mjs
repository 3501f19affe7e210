// The one script every page loads: it starts the GOV.UK and MOJ components.
// Kept in a file (never inline) so the Content Security Policy can forbid inline scripts.
// Only browsers that run ES modules reach this line, which is GOV.UK Frontend's own support test.
import * as govuk from './govuk-frontend.min.js'
import * as moj from './moj-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
govuk.initAll()
moj.initAll()
