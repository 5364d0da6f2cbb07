/**
 * The oras annotation file: JSON whose keys are `$manifest`, `$config`, or a file's title, each
 * mapping to string annotations (oras `--annotation-file`).
 */
import { readFileSync } from 'node:fs'
import { InputError } from './inputs.js'

/** Parsed annotation file. */
export interface AnnotationFile {
  manifest: Record<string, string>
  config: Record<string, string>
  files: Map<string, Record<string, string>>
}

/** Reads and validates an annotation file; every error names the input. */
export function readAnnotationFile(path: string): AnnotationFile {
  let doc: unknown
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new InputError('annotation-file', `"${path}" is not valid JSON: ${(e as Error).message}`)
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new InputError(
      'annotation-file',
      `"${path}" must be a JSON object of {"$manifest"|"$config"|title: {key: value}}`
    )
  }
  const out: AnnotationFile = { manifest: {}, config: {}, files: new Map() }
  for (const [key, value] of Object.entries(doc)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InputError(
        'annotation-file',
        `"${key}" must map to an object of string annotations`
      )
    }
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== 'string')
        throw new InputError('annotation-file', `"${key}"."${k}" must be a string`)
    }
    const map = value as Record<string, string>
    if (key === '$manifest') out.manifest = map
    else if (key === '$config') out.config = map
    else out.files.set(key, map)
  }
  return out
}
