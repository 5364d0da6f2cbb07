/**
 * Inputs: read every input once into a typed request per command, validated before any network call.
 * Every error names the input and says how to fix it.
 */
import { statSync } from 'node:fs'
import { resolve as resolvePath } from 'node:path'
// Only the parsers: the rest of src/oci (undici, tar) loads with the command that needs it.
import { isValidMediaType } from './oci/media-types.js'
import { type AnyReference, isValidTag, parseAnyReference } from './oci/reference.js'

/** Reads one input by name ('' when unset), as core.getInput does. */
export type InputReader = (name: string) => string

export const COMMANDS = ['push', 'pull', 'tag', 'copy', 'tags', 'inspect'] as const
export type CommandName = (typeof COMMANDS)[number]

/** A file or folder to push, with an optional media type. */
export interface FileSpec {
  path: string
  mediaType?: string
}

/** Options every command shares. */
export interface CommonRequest {
  username?: string
  password?: string
  githubToken?: string
  concurrency: number
  /** Connections blob downloads may hold at once; large blobs are split over the spare ones. */
  connections: number
  plainHttp: boolean
  /** Use the blob cache (pull, push, copy), and carry it between runs. */
  cache: boolean
  /** Size limit of the blob cache in bytes (least recently used blobs are evicted above it). */
  cacheMaxSize: number
}

export interface PushRequest extends CommonRequest {
  command: 'push'
  target: AnyReference
  files: FileSpec[]
  artifactType?: string
  config?: FileSpec
  annotations: Record<string, string>
  annotationFile?: string
  tags: string[]
  imageSpec: 'v1.1' | 'v1.0'
  dryRun: boolean
}

export interface PullRequest extends CommonRequest {
  command: 'pull'
  source: AnyReference
  output: string
  include: string[]
  dryRun: boolean
}

export interface InspectRequest extends CommonRequest {
  command: 'inspect'
  source: AnyReference
}

/** tag: point more tags at the manifest `reference` names; only the manifest is re-sent. */
export interface TagRequest extends CommonRequest {
  command: 'tag'
  source: AnyReference
  tags: string[]
}

/** copy: the whole graph under `reference` to `to`, then `tags`. */
export interface CopyRequest extends CommonRequest {
  command: 'copy'
  source: AnyReference
  destination: AnyReference
  tags: string[]
  dryRun: boolean
}

/** tags: list the repository's tags. */
export interface ListTagsRequest extends CommonRequest {
  command: 'tags'
  source: AnyReference
}

export type Request =
  PushRequest | PullRequest | TagRequest | CopyRequest | ListTagsRequest | InspectRequest

/** InputError: an input that cannot be used; the message names it and says what to do. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string
  ) {
    super(`input "${input}": ${message}`)
    this.name = 'InputError'
  }
}

/** Splits a list input: one item per line or comma-separated; blank items and `#` comments dropped. */
export function parseList(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map(line => line.replace(/(^|\s)#.*$/, ''))
    .flatMap(line => line.split(','))
    .map(s => s.trim())
    .filter(s => s !== '')
}

/** Splits a multi-line input by line only (for values that may contain commas, e.g. annotations). */
export function parseLines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map(s => s.trim())
    .filter(s => s !== '' && !s.startsWith('#'))
}

/** Parses `true`/`false` (as YAML 1.2 core schema, like core.getBooleanInput). */
export function parseBoolean(name: string, value: string, fallback: boolean): boolean {
  const v = value.trim()
  if (v === '') return fallback
  if (['true', 'True', 'TRUE'].includes(v)) return true
  if (['false', 'False', 'FALSE'].includes(v)) return false
  throw new InputError(name, `"${v}" is not a boolean: use true or false`)
}

/** Splits `path[:mediaType]`: the suffix is a media type only when it has the type/subtype shape. */
export function parseFileSpec(name: string, value: string): FileSpec {
  const colon = value.lastIndexOf(':')
  if (colon > 0) {
    const mediaType = value.slice(colon + 1)
    if (mediaType.includes('/')) {
      if (!isValidMediaType(mediaType)) {
        throw new InputError(
          name,
          `"${mediaType}" is not a valid media type (expected type/subtype)`
        )
      }
      return { path: value.slice(0, colon), mediaType }
    }
  }
  return { path: value }
}

function parseReferenceInput(name: string, value: string): AnyReference {
  if (!value.trim())
    throw new InputError(
      name,
      'is required: give registry/repository[:tag] or oci-layout:PATH[:TAG]'
    )
  try {
    return parseAnyReference(value.trim())
  } catch (e) {
    throw new InputError(name, (e as Error).message)
  }
}

function parseCount(name: string, value: string, fallback: number): number {
  if (value.trim() === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new InputError(name, `"${value}" is not a whole number from 1 to 64`)
  }
  return n
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1000,
  kb: 1000,
  kib: 1024,
  m: 1000 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1000 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
  t: 1000 ** 4,
  tb: 1000 ** 4,
  tib: 1024 ** 4
}

/** Parses a byte size: a number with an optional unit (`500MB`, `10GiB`, `2g`, `1048576`). */
export function parseByteSize(name: string, value: string, fallback: number): number {
  const v = value.trim()
  if (v === '') return fallback
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(v)
  const unit = m ? SIZE_UNITS[(m[2] as string).toLowerCase()] : undefined
  if (!m || unit === undefined) {
    throw new InputError(name, `"${v}" is not a size: give a number of bytes or e.g. 500MB, 10GiB`)
  }
  return Math.floor(Number(m[1]) * unit)
}

function parseTags(value: string): string[] {
  const tags = parseList(value)
  for (const t of tags) {
    if (!isValidTag(t)) {
      throw new InputError(
        'tags',
        `"${t}" is not a valid tag: 1 to 128 letters, digits, _, . or -, not starting with . or -`
      )
    }
  }
  return [...new Set(tags)]
}

function parseAnnotations(value: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of parseLines(value)) {
    const eq = line.indexOf('=')
    if (eq <= 0) throw new InputError('annotations', `"${line}" is not key=value`)
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim()
  }
  return out
}

function requireExisting(name: string, path: string, kind: 'any' | 'file'): void {
  let st
  try {
    st = statSync(path)
  } catch {
    throw new InputError(
      name,
      `"${path}" does not exist (paths are relative to the workspace, ${process.cwd()})`
    )
  }
  if (kind === 'file' && !st.isFile()) throw new InputError(name, `"${path}" is not a regular file`)
  if (!st.isFile() && !st.isDirectory())
    throw new InputError(name, `"${path}" is neither a file nor a folder`)
}

function parseCommand(value: string): CommandName {
  const c = value.trim().toLowerCase()
  if ((COMMANDS as readonly string[]).includes(c)) return c as CommandName
  throw new InputError(
    'command',
    `${c ? `"${value}" is not a command` : 'is required'}: use one of ${COMMANDS.join(', ')}`
  )
}

function parseCommon(get: InputReader): CommonRequest {
  const username = get('username').trim()
  const password = get('password')
  if (Boolean(username) !== Boolean(password)) {
    throw new InputError(
      username ? 'password' : 'username',
      'username and password must be given together'
    )
  }
  const githubToken = get('github-token')
  return {
    ...(username ? { username, password } : {}),
    ...(githubToken ? { githubToken } : {}),
    concurrency: parseCount('concurrency', get('concurrency'), 4),
    connections: parseCount('connections', get('connections'), 8),
    plainHttp: parseBoolean('plain-http', get('plain-http'), false),
    cache: parseBoolean('cache', get('cache'), true),
    cacheMaxSize: parseByteSize('cache-max-size', get('cache-max-size'), 10 * 1024 ** 3)
  }
}

/** Reads and validates every input for the chosen command. */
export function readRequest(get: InputReader): Request {
  const command = parseCommand(get('command'))
  const common = parseCommon(get)
  const reference = parseReferenceInput('reference', get('reference'))
  switch (command) {
    case 'push':
      return readPush(get, common, reference)
    case 'pull':
      return readPull(get, common, reference)
    case 'inspect':
      return { command, ...common, source: reference }
    case 'tags':
      return { command, ...common, source: reference }
    case 'tag': {
      const tags = parseTags(get('tags'))
      if (tags.length === 0) {
        throw new InputError(
          'tags',
          'is required for tag: list the tags to point at the reference, e.g. production'
        )
      }
      return { command, ...common, source: reference, tags }
    }
    case 'copy':
      return {
        command,
        ...common,
        source: reference,
        destination: parseReferenceInput('to', get('to')),
        tags: parseTags(get('tags')),
        dryRun: parseBoolean('dry-run', get('dry-run'), false)
      }
  }
}

function readPush(get: InputReader, common: CommonRequest, target: AnyReference): PushRequest {
  if (target.ref.digest) {
    throw new InputError(
      'reference',
      'a push cannot name a digest (the digest is computed): give a tag instead'
    )
  }
  // A trailing ` # comment` is allowed, as in a YAML block (file names with " #" are not).
  const files = parseLines(get('files'))
    .map(f => f.replace(/\s+#.*$/, ''))
    .map(f => parseFileSpec('files', f))
  if (files.length === 0)
    throw new InputError('files', 'is required for push: list one file or folder per line')
  for (const f of files) requireExisting('files', f.path, 'any')
  const configValue = get('config').trim()
  const config = configValue ? parseFileSpec('config', configValue) : undefined
  if (config) requireExisting('config', config.path, 'file')
  const artifactType = get('artifact-type').trim() || undefined
  if (artifactType && !isValidMediaType(artifactType)) {
    throw new InputError(
      'artifact-type',
      `"${artifactType}" is not a media type (expected type/subtype)`
    )
  }
  const annotationFile = get('annotation-file').trim() || undefined
  if (annotationFile) requireExisting('annotation-file', annotationFile, 'file')
  const imageSpec = get('image-spec').trim() || 'v1.1'
  if (imageSpec !== 'v1.1' && imageSpec !== 'v1.0') {
    throw new InputError(
      'image-spec',
      `"${imageSpec}" is not supported: use v1.1 (default) or v1.0`
    )
  }
  return {
    command: 'push',
    ...common,
    target,
    files,
    ...(artifactType ? { artifactType } : {}),
    ...(config ? { config } : {}),
    annotations: parseAnnotations(get('annotations')),
    ...(annotationFile ? { annotationFile } : {}),
    tags: parseTags(get('tags')),
    imageSpec,
    dryRun: parseBoolean('dry-run', get('dry-run'), false)
  }
}

function readPull(get: InputReader, common: CommonRequest, source: AnyReference): PullRequest {
  const output = resolvePath(get('output').trim() || '.')
  try {
    if (!statSync(output).isDirectory()) {
      throw new InputError(
        'output',
        `"${output}" exists and is not a folder: choose a folder to write the model into`
      )
    }
  } catch (e) {
    if (e instanceof InputError) throw e
    // A folder that does not exist yet is created by the pull.
  }
  return {
    command: 'pull',
    ...common,
    source,
    output,
    include: parseList(get('include')),
    dryRun: parseBoolean('dry-run', get('dry-run'), false)
  }
}
