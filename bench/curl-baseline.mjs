// The raw limit the action is measured against: the same transfers done with curl and openssl, one
// blob at a time, each step a plain child process. What each baseline does, exactly:
//
//   push (cold)   for each file: `openssl dgst -sha256 FILE`; `curl -X POST /v2/<repo>/blobs/uploads/`
//                 (→ Location); `curl -T FILE -X PUT <Location>&digest=sha256:…`. Then the empty config
//                 blob `{}` the same way, then `curl -X PUT` of the manifest to /manifests/<tag>.
//                 No HEAD first: a cold push knows the registry is empty.
//   push again    for each file: `openssl dgst -sha256 FILE` and `curl -I` (HEAD) of the blob, which
//                 must answer 200; then HEAD of the manifest by tag. Nothing is uploaded.
//   pull (cold)   `curl` GET of the manifest (Accept: OCI manifest); for each titled layer:
//                 `curl -o OUT/<title> /blobs/<digest>`, then `openssl dgst -sha256` of the file,
//                 which must equal the layer digest.
//   pull again    GET of the manifest; for each titled layer: stat OUT/<title> (size must match),
//                 `openssl dgst -sha256`, equal → skipped (a mismatch would download it again).
//
// curl runs with `-sS -f` (an HTTP error fails the baseline) and `-H Expect:` (no 100-continue wait).
import { execFile } from 'node:child_process'
import { statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { promisify } from 'node:util'

const exec = promisify(execFile)
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const EMPTY_CONFIG = {
  mediaType: 'application/vnd.oci.empty.v1+json',
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2
}
const CURL = ['-sS', '-f', '-H', 'Expect:']

async function curl(...args) {
  const { stdout } = await exec('curl', [...CURL, ...args], { maxBuffer: 8 * 1024 * 1024 })
  return stdout
}

/** `sha256:<hex>` of a file, computed by `openssl dgst -sha256 -r`. */
export async function opensslDigest(path) {
  const { stdout } = await exec('openssl', ['dgst', '-sha256', '-r', path])
  return `sha256:${stdout.split(' ')[0]}`
}

function mediaTypeOf(name) {
  if (name.endsWith('.safetensors')) return 'application/vnd.safetensors'
  if (name.endsWith('.json')) return 'application/json'
  return 'application/octet-stream'
}

async function uploadBlob(base, repo, digest, bodyArgs) {
  const headers = await curl(
    '-i',
    '-X',
    'POST',
    '-o',
    '/dev/null',
    '-D',
    '-',
    `${base}/v2/${repo}/blobs/uploads/`
  )
  const loc = /^location:\s*(\S+)/im.exec(headers)?.[1]
  if (!loc) throw new Error(`POST upload to ${repo} gave no Location:\n${headers}`)
  const url = new URL(loc, base)
  url.searchParams.set('digest', digest)
  await curl(
    '-X',
    'PUT',
    '-H',
    'Content-Type: application/octet-stream',
    ...bodyArgs,
    '-o',
    '/dev/null',
    url.href
  )
}

/** Cold push of `files` as one artifact to `<base>/v2/<repo>` under `tag`. Returns the manifest. */
export async function curlPush(files, { base, repo, tag }) {
  const layers = []
  for (const path of files) {
    const digest = await opensslDigest(path)
    await uploadBlob(base, repo, digest, ['-T', path])
    const name = basename(path)
    layers.push({
      mediaType: mediaTypeOf(name),
      digest,
      size: statSync(path).size,
      annotations: { 'org.opencontainers.image.title': name }
    })
  }
  await uploadBlob(base, repo, EMPTY_CONFIG.digest, ['--data-binary', '{}'])
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: 'application/vnd.oci-model-action.model.v1',
    config: EMPTY_CONFIG,
    layers
  }
  await curl(
    '-X',
    'PUT',
    '-H',
    `Content-Type: ${OCI_MANIFEST}`,
    '--data-binary',
    JSON.stringify(manifest),
    '-o',
    '/dev/null',
    `${base}/v2/${repo}/manifests/${tag}`
  )
  return manifest
}

/** Push again, nothing changed: re-hash every file and HEAD its blob; HEAD the manifest. */
export async function curlPushAgain(files, { base, repo, tag }) {
  for (const path of files) {
    const digest = await opensslDigest(path)
    await curl('-I', '-o', '/dev/null', `${base}/v2/${repo}/blobs/${digest}`)
  }
  await curl(
    '-I',
    '-H',
    `Accept: ${OCI_MANIFEST}`,
    '-o',
    '/dev/null',
    `${base}/v2/${repo}/manifests/${tag}`
  )
}

async function getManifest(base, repo, tag) {
  return JSON.parse(
    await curl('-H', `Accept: ${OCI_MANIFEST}`, `${base}/v2/${repo}/manifests/${tag}`)
  )
}

/** Downloads one blob to `out` with curl and checks its digest with openssl. */
export async function curlFetchBlob(base, repo, layer, out) {
  await curl('-o', out, `${base}/v2/${repo}/blobs/${layer.digest}`)
  const got = await opensslDigest(out)
  if (got !== layer.digest) throw new Error(`${out}: digest ${got}, expected ${layer.digest}`)
}

/** Cold pull into `outDir` (which must exist and be empty). */
export async function curlPull({ base, repo, tag, outDir }) {
  const manifest = await getManifest(base, repo, tag)
  for (const layer of manifest.layers) {
    const title = layer.annotations?.['org.opencontainers.image.title']
    if (title) await curlFetchBlob(base, repo, layer, join(outDir, title))
  }
}

/** Pull again into an up-to-date `outDir`: hash each file, skip it when it matches. */
export async function curlPullAgain({ base, repo, tag, outDir }) {
  const manifest = await getManifest(base, repo, tag)
  let fetched = 0
  for (const layer of manifest.layers) {
    const title = layer.annotations?.['org.opencontainers.image.title']
    if (!title) continue
    const out = join(outDir, title)
    let same = false
    try {
      same = statSync(out).size === layer.size && (await opensslDigest(out)) === layer.digest
    } catch {
      same = false
    }
    if (!same) {
      await curlFetchBlob(base, repo, layer, out)
      fetched++
    }
  }
  return fetched
}
