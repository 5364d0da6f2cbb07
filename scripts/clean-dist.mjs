// ncc writes into dist/ without removing what an earlier build left there: a chunk that the new
// build no longer makes would stay committed (and be checked in as "fresh"). Empty it first.
import { rmSync } from 'node:fs'

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true })
