/**
 * Tag listing (distribution spec "Listing Tags", end-8a/8b): `GET /v2/<name>/tags/list?n=<n>`,
 * following `Link: <…>; rel="next"` until the last page. Registries that ignore `n` (distribution
 * 2.8 does) answer with every tag on one page, which is handled the same way.
 */
import { OciError, redactUrl } from '../errors.js'
import { readLimited } from '../stream-utils.js'
import type { RepoContext } from './client.js'
import { pullScope } from './scopes.js'
import { nextLink, resolveLocation, tagsUrl } from './urls.js'

/** Tags asked for per page. */
export const DEFAULT_TAG_PAGE_SIZE = 1000
/** One page of the tag list is read up to this size. */
export const MAX_TAG_PAGE_BYTES = 8 * 1024 * 1024
/** A listing stops with an error after this many pages (a server that links in circles). */
const MAX_PAGES = 10_000

/** Lists every tag of the repository, in the order the registry returns them. */
export async function listTags(
  ctx: RepoContext,
  pageSize = DEFAULT_TAG_PAGE_SIZE
): Promise<string[]> {
  const scopes = [pullScope(ctx.repository)]
  const tags: string[] = []
  const seen = new Set<string>()
  let url: URL | undefined = tagsUrl(await ctx.client.base(), ctx.repository, pageSize)
  for (let page = 0; url; page++) {
    if (page >= MAX_PAGES || seen.has(url.href)) {
      throw new OciError(
        `the tag list of ${ctx.name} does not end (page ${page}: ${redactUrl(url)})`
      )
    }
    seen.add(url.href)
    const res = await ctx.client.request({
      method: 'GET',
      url,
      headers: { accept: 'application/json' },
      scopes
    })
    if (res.status !== 200) {
      throw await ctx.client.fail(res, 'GET', { kind: 'repository', repository: ctx.name })
    }
    const link = nextLink(res.headers.link)
    const text = (
      await readLimited(res.body, MAX_TAG_PAGE_BYTES, `tag list of ${ctx.name}`)
    ).toString('utf8')
    tags.push(...parseTagPage(text, ctx.name))
    url = link ? resolveLocation(link, url) : undefined
  }
  return tags
}

/** Parses one page: `{"name": "...", "tags": [...]}`; `tags` may be null for an empty repository. */
export function parseTagPage(text: string, name: string): string[] {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw new OciError(`the tag list of ${name} is not JSON`)
  }
  const tags = (doc as { tags?: unknown } | null)?.tags
  if (tags === null || tags === undefined) return []
  if (!Array.isArray(tags) || !tags.every(t => typeof t === 'string')) {
    throw new OciError(`the tag list of ${name} has no array of tag names`)
  }
  return tags as string[]
}
