import { enableCompileCache } from './compile-cache.js'

// Before the command chunks load (main.ts imports them on demand), so they are compiled once per
// machine instead of once per step.
enableCompileCache()
void import('./main.js').then(m => m.run())
