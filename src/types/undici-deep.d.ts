// undici's package has no "exports" map and types only for its index; these give its dispatcher
// files (imported one by one, see src/oci/registry/http.ts) the index's types.
declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici'
  export default Agent
}

declare module 'undici/lib/api/api-request.js' {
  import type { Dispatcher } from 'undici'
  /** Dispatcher.prototype.request, as a function of the dispatcher (`this`). */
  export default function request(
    this: Dispatcher,
    options: Dispatcher.RequestOptions
  ): Promise<Dispatcher.ResponseData>
}
