// generate.mjs writes vectors.json: FSRS-6 schedules computed by the
// reference implementation, ts-fsrs, for quiz/fsrs_test.go to compare with.
// The Go tests read only the JSON; node is needed only to regenerate it:
//
//	cd "$(mktemp -d)" && npm install ts-fsrs@5.4.2
//	node /path/to/quiz/testdata/fsrs/generate.mjs > /path/to/quiz/testdata/fsrs/vectors.json
//
// Run from the folder where ts-fsrs was installed. cram schedules by whole
// days without learning steps, which is ts-fsrs's long-term scheduler
// (enable_short_term: false); fuzz is off so that intervals are exact.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const require = createRequire(join(process.cwd(), 'noop.js'))
const tsfsrs = require('ts-fsrs')
const pkg = JSON.parse(readFileSync(join(process.cwd(), 'node_modules', 'ts-fsrs', 'package.json'), 'utf8'))
const { fsrs, createEmptyCard, forgetting_curve, get_fuzz_range, default_w, Rating } = tsfsrs

// mulberry32: a small seeded generator, so that the vectors are reproducible.
function mulberry32(seed) {
  return function () {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const DAY = 24 * 60 * 60 * 1000
const start = Date.UTC(2025, 0, 6, 9, 30, 0, 0)

// run schedules one card through a list of [rating, delay in ms after the
// previous review] steps and records every step.
function run(name, retention, steps) {
  const f = fsrs({ request_retention: retention, enable_fuzz: false, enable_short_term: false })
  let card = createEmptyCard(new Date(start))
  let now = start
  const out = []
  for (const [rating, delay] of steps) {
    now += delay
    const at = new Date(now)
    const elapsed = card.last_review ? dateDiff(card.last_review, at) : 0
    const r = card.state === 0 ? 0 : forgetting_curve(f.parameters.w, elapsed, card.stability)
    const preview = f.repeat(card, at)
    const intervals = [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy].map((g) => preview[g].card.scheduled_days)
    const next = preview[rating].card
    out.push({
      at: at.toISOString(),
      rating,
      elapsed_days: elapsed,
      retrievability: r,
      intervals,
      stability: next.stability,
      difficulty: next.difficulty,
      scheduled_days: next.scheduled_days,
      due: next.due.toISOString(),
      reps: next.reps,
      lapses: next.lapses,
    })
    card = next
  }
  return { name, retention, steps: out }
}

function dateDiff(last, cur) {
  const a = Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), last.getUTCDate())
  const b = Date.UTC(cur.getUTCFullYear(), cur.getUTCMonth(), cur.getUTCDate())
  return Math.floor((b - a) / DAY)
}

// onDue repeats rating n times, each review on the day it falls due.
function onDue(name, retention, ratings) {
  // The delays depend on the intervals, so compute them as we go.
  const f = fsrs({ request_retention: retention, enable_fuzz: false, enable_short_term: false })
  let card = createEmptyCard(new Date(start))
  let now = start
  const steps = []
  for (const g of ratings) {
    const delay = steps.length === 0 ? 0 : card.scheduled_days * DAY
    now += delay
    steps.push([g, delay])
    card = f.next(card, new Date(now), g).card
  }
  return run(name, retention, steps)
}

const cases = []
const G = Rating.Good, A = Rating.Again, H = Rating.Hard, E = Rating.Easy
cases.push(onDue('good on every due day', 0.9, Array(14).fill(G)))
cases.push(onDue('easy on every due day', 0.9, Array(10).fill(E)))
cases.push(onDue('hard on every due day', 0.9, Array(12).fill(H)))
cases.push(onDue('again every time', 0.9, Array(12).fill(A)))
cases.push(onDue('lapse after growth', 0.9, [G, G, G, G, G, A, G, G, A, A, G, E, G]))
cases.push(onDue('first again then good', 0.8, [A, G, G, G, G, G, G]))
cases.push(onDue('retention 0.95', 0.95, [G, G, H, G, E, G, A, G, G]))
cases.push(onDue('retention 0.7', 0.7, [G, G, H, G, E, G, A, G, G]))
cases.push(onDue('retention 0.99', 0.99, [E, G, G, G, G, G, G, G]))
cases.push(run('same-day repeats', 0.9, [[G, 0], [G, 60e3], [A, 3600e3], [E, 7200e3], [G, 2 * DAY], [G, 0], [A, 1000]]))
cases.push(run('long gaps', 0.9, [[G, 0], [G, 400 * DAY], [A, 2000 * DAY], [G, 3 * DAY], [E, 9000 * DAY], [E, 20000 * DAY], [G, 30000 * DAY]]))
cases.push(run('across midnight', 0.9, [[G, 0], [G, 14.5 * 3600e3], [G, 23 * 3600e3], [H, 1 * 3600e3], [G, 47 * 3600e3]]))

const rnd = mulberry32(20250106)
const retentions = [0.9, 0.9, 0.9, 0.85, 0.8, 0.95, 0.75, 0.97]
for (let c = 0; c < 48; c++) {
  const retention = retentions[c % retentions.length]
  const f = fsrs({ request_retention: retention, enable_fuzz: false, enable_short_term: false })
  let card = createEmptyCard(new Date(start))
  const steps = []
  const n = 8 + Math.floor(rnd() * 25)
  for (let i = 0; i < n; i++) {
    const x = rnd()
    const g = x < 0.18 ? A : x < 0.33 ? H : x < 0.88 ? G : E
    let delay
    if (i === 0) delay = Math.floor(rnd() * DAY)
    else {
      const y = rnd()
      const sched = card.scheduled_days * DAY
      if (y < 0.1) delay = Math.floor(rnd() * 6 * 3600e3) // the same day, or just past midnight
      else if (y < 0.35) delay = Math.floor(sched * rnd()) // early
      else if (y < 0.75) delay = sched + Math.floor(rnd() * DAY) // on time
      else delay = Math.floor(sched * (1 + 3 * rnd())) // late
    }
    steps.push([g, delay])
    card = f.next(card, new Date(start + steps.reduce((s, [, d]) => s + d, 0)), g).card
  }
  cases.push(run(`random ${c}`, retention, steps))
}

const fuzz = []
for (const ivl of [1, 2, 3, 4, 5, 6, 7, 8, 10, 13, 17, 20, 21, 25, 33, 50, 77, 100, 150, 365, 1000, 36499, 36500]) {
  for (const elapsed of [0, 1, 3, 10, 60, 500]) {
    const { min_ivl, max_ivl } = get_fuzz_range(ivl, elapsed, 36500)
    fuzz.push({ interval: ivl, elapsed_days: elapsed, min: min_ivl, max: max_ivl })
  }
}

// One step or fuzz range a line: small enough to read and to diff.
const lines = []
lines.push('{')
lines.push(` "generator": "quiz/testdata/fsrs/generate.mjs",`)
lines.push(` "package": ${JSON.stringify(`ts-fsrs@${pkg.version}`)},`)
lines.push(` "algorithm": ${JSON.stringify(tsfsrs.FSRSVersion)},`)
lines.push(` "settings": ${JSON.stringify({ enable_fuzz: false, enable_short_term: false, maximum_interval: 36500 })},`)
lines.push(` "w": ${JSON.stringify(default_w)},`)
lines.push(` "cases": [`)
cases.forEach((c, i) => {
  lines.push(`  {"name": ${JSON.stringify(c.name)}, "retention": ${c.retention}, "steps": [`)
  c.steps.forEach((st, j) => lines.push(`   ${JSON.stringify(st)}${j < c.steps.length - 1 ? ',' : ''}`))
  lines.push(`  ]}${i < cases.length - 1 ? ',' : ''}`)
})
lines.push(' ],')
lines.push(' "fuzz": [')
fuzz.forEach((z, i) => lines.push(`  ${JSON.stringify(z)}${i < fuzz.length - 1 ? ',' : ''}`))
lines.push(' ]')
lines.push('}')
process.stdout.write(lines.join('\n') + '\n')
