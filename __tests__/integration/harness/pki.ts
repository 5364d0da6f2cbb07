/**
 * Keys and certificates for the token-auth registry: an RSA key and a self-signed certificate made
 * with openssl, and the libtrust key id by which distribution 2.8 matches a JWT's `kid` to a key of
 * its `rootcertbundle`.
 */
import { createHash, createPublicKey } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { requireBinary, run } from './process-utils.js'

/** A signing key with its certificate. */
export interface SigningKey {
  keyFile: string
  certFile: string
  privateKeyPem: string
  /** libtrust key id of the public key (the JWT `kid`). */
  kid: string
}

/** Creates an RSA-2048 key and a self-signed certificate in `dir` with openssl. */
export async function createSigningKey(dir: string): Promise<SigningKey> {
  const openssl = requireBinary('sudo apt-get install -y openssl', 'openssl')
  const keyFile = join(dir, 'token.key')
  const certFile = join(dir, 'token.crt')
  await run(openssl, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '2',
    '-subj',
    '/CN=oci-model-action test token issuer',
    '-keyout',
    keyFile,
    '-out',
    certFile
  ])
  const privateKeyPem = await readFile(keyFile, 'utf8')
  const certPem = await readFile(certFile, 'utf8')
  return { keyFile, certFile, privateKeyPem, kid: libtrustKeyId(certPem) }
}

/**
 * libtrust's key id (docker/libtrust util.go keyIDFromCryptoKey): SHA-256 of the DER
 * SubjectPublicKeyInfo, first 30 bytes, base32 without padding, in groups of 4 joined by ':'.
 */
export function libtrustKeyId(certOrKeyPem: string): string {
  const der = createPublicKey(certOrKeyPem).export({ type: 'spki', format: 'der' })
  const sum = createHash('sha256').update(der).digest().subarray(0, 30)
  const b32 = base32(sum)
  return b32.match(/.{1,4}/g)!.join(':')
}

function base32(data: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of data) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31]
  return out
}
