/** Credentials the registry client asks for, per registry host, when a registry challenges. */

/** Either a username/password pair, or an identity (refresh) token, or a ready registry token. */
export interface Credential {
  username?: string
  password?: string
  /** OAuth2 refresh token (docker config `identitytoken`), exchanged at the token realm. */
  identityToken?: string
  /** A bearer token sent as is (docker config `registrytoken`). */
  registryToken?: string
}

/** Looks up the credential for a registry host (e.g. `ghcr.io`, `localhost:5000`); undefined = anonymous. */
export type CredentialProvider = (registryHost: string) => Promise<Credential | undefined>

/** Called with every secret the client handles (passwords, basic strings, tokens) so it can be masked. */
export type SecretSink = (secret: string) => void
