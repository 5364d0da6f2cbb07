/**
 * Hand-crafted artifacts over raw HTTP (fetch, no client code of ours): blobs and manifests of any
 * shape, so tests can put hostile content into a real registry exactly as an attacker would.
 */
import { createHash } from 'node:crypto'
import { Header } from 'tar'

/** `sha256:<hex>` of bytes. */
export function sha256(b: Buffer | string): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`
}

/** Uploads a blob monolithically (POST then PUT ?digest=). */
export async function rawBlob(
  base: string,
  repo: string,
  bytes: Buffer,
  headers: Record<string, string> = {}
): Promise<string> {
  const digest = sha256(bytes)
  const start = await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers })
  if (start.status !== 202) throw new Error(`POST ${start.status}`)
  const loc = new URL(start.headers.get('location') as string, base)
  loc.searchParams.set('digest', digest)
  const put = await fetch(loc, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: bytes
  })
  if (put.status !== 201) throw new Error(`PUT ${put.status}: ${await put.text()}`)
  return digest
}

/** PUTs manifest bytes under a tag; returns the status. */
export async function rawManifest(
  base: string,
  repo: string,
  tag: string,
  body: Buffer | string,
  mediaType = 'application/vnd.oci.image.manifest.v1+json',
  headers: Record<string, string> = {}
): Promise<number> {
  const res = await fetch(`${base}/v2/${repo}/manifests/${tag}`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': mediaType },
    body
  })
  await res.arrayBuffer()
  return res.status
}

/** One layer of a crafted artifact. */
export interface RawLayer {
  bytes: Buffer
  mediaType?: string
  annotations?: Record<string, string>
  /** Use this digest in the manifest instead of the real one (e.g. another algorithm). */
  digest?: string
}

/** Uploads layers and an empty config, then a manifest naming them under `tag`. */
export async function rawArtifact(
  base: string,
  repo: string,
  tag: string,
  layers: RawLayer[],
  annotations: Record<string, string> = {}
): Promise<{ status: number; manifest: string }> {
  const config = Buffer.from('{}')
  await rawBlob(base, repo, config)
  const descs = []
  for (const l of layers) {
    const digest = await rawBlob(base, repo, l.bytes)
    descs.push({
      mediaType: l.mediaType ?? 'application/octet-stream',
      digest: l.digest ?? digest,
      size: l.bytes.length,
      ...(l.annotations ? { annotations: l.annotations } : {})
    })
  }
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    artifactType: 'application/vnd.example.model.v1',
    config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256(config), size: 2 },
    layers: descs,
    annotations
  })
  return { status: await rawManifest(base, repo, tag, manifest), manifest }
}

/** One entry of a raw tar. */
export interface RawEntry {
  path: string
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'CharacterDevice' | 'BlockDevice' | 'FIFO'
  body?: Buffer
  linkpath?: string
}

/** A tar built from raw headers, so any hostile entry can be expressed. */
export function rawTar(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = []
  for (const e of entries) {
    const body = e.body ?? Buffer.alloc(0)
    const type = e.type ?? (e.path.endsWith('/') ? 'Directory' : 'File')
    const h = new Header({
      path: e.path,
      type,
      mode: type === 'Directory' ? 0o755 : 0o644,
      size: type === 'File' ? body.length : 0,
      linkpath: e.linkpath,
      uid: 0,
      gid: 0,
      mtime: new Date(0)
    })
    const block = Buffer.alloc(512)
    h.encode(block)
    blocks.push(block)
    if (type === 'File' && body.length) {
      blocks.push(body, Buffer.alloc((512 - (body.length % 512)) % 512))
    }
  }
  blocks.push(Buffer.alloc(1024))
  return Buffer.concat(blocks)
}
