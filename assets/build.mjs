// Builds the design-system assets into static/build/ for Django's staticfiles.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import * as sass from 'sass'

const out = 'static/build'
mkdirSync(out, { recursive: true })

const css = sass.compile('assets/app.scss', {
  loadPaths: ['.', 'assets'],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import', 'global-builtin'],
  logger: sass.Logger.silent
})
writeFileSync(`${out}/app.css`, css.css)

const copies = [
  ['node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js', 'govuk-frontend.min.js'],
  ['node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js', 'moj-frontend.min.js'],
  ['node_modules/htmx.org/dist/htmx.min.js', 'htmx.min.js'],
  ['node_modules/axe-core/axe.min.js', 'axe.min.js'],
  ['node_modules/govuk-frontend/dist/govuk/assets', 'assets'],
  ['node_modules/@ministryofjustice/frontend/moj/assets', 'assets'],
  ['assets/app.mjs', 'app.mjs'],
  ['assets/public.mjs', 'public.mjs'],
  ['assets/public-left.js', 'public-left.js']
]
for (const [from, to] of copies) {
  cpSync(from, `${out}/${to}`, { recursive: true })
}
console.log(`built ${out}/app.css (${css.css.length} bytes) and ${copies.length} copies`)
