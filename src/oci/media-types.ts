/** Media types of the OCI image spec, Docker's manifest formats and common model files. */

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json'
export const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar'
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip'
/** The empty descriptor's media type (image-spec 1.1, "Guidance for an Empty Descriptor"). */
export const OCI_EMPTY = 'application/vnd.oci.empty.v1+json'
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json'
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json'

/** Manifest kinds the client reads, in the order they are offered in `Accept`. */
export const MANIFEST_MEDIA_TYPES = [
  OCI_MANIFEST,
  OCI_INDEX,
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST
] as const

/** Index kinds (a manifest whose children are manifests). */
export const INDEX_MEDIA_TYPES: readonly string[] = [OCI_INDEX, DOCKER_MANIFEST_LIST]

/** True when the media type names a manifest or index rather than a blob. */
export function isManifestMediaType(mediaType: string): boolean {
  return (MANIFEST_MEDIA_TYPES as readonly string[]).includes(mediaType)
}

/** Default artifact type of a pushed model (when `artifact-type` is not given). */
export const MODEL_ARTIFACT_TYPE = 'application/vnd.oci-model-action.model.v1'

/** Default media type of a file layer whose extension is unknown (as oras does). */
export const DEFAULT_FILE_MEDIA_TYPE = 'application/vnd.oci.image.layer.v1.tar'
/** Media type of a packed folder (oras writes the gzip layer type with the unpack annotation). */
export const FOLDER_MEDIA_TYPE = OCI_LAYER_GZIP

const EXTENSION_MEDIA_TYPES: Record<string, string> = {
  '.safetensors': 'application/vnd.safetensors',
  '.gguf': 'application/vnd.gguf',
  '.onnx': 'application/vnd.onnx',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.pt': 'application/vnd.pytorch',
  '.pth': 'application/vnd.pytorch',
  '.ckpt': 'application/octet-stream',
  '.h5': 'application/x-hdf5',
  '.keras': 'application/vnd.keras',
  '.pb': 'application/x-protobuf',
  '.tflite': 'application/vnd.tflite',
  '.npy': 'application/x-npy',
  '.npz': 'application/x-npz',
  '.pkl': 'application/x-pickle',
  '.model': 'application/octet-stream',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.csv': 'text/csv',
  '.tar': OCI_LAYER,
  '.gz': 'application/gzip',
  '.tgz': OCI_LAYER_GZIP,
  '.zip': 'application/zip'
}

/** Guesses a layer media type from a file name's extension; unknown extensions get the oras default. */
export function mediaTypeForFile(fileName: string): string {
  const lower = fileName.toLowerCase()
  const dot = lower.lastIndexOf('.')
  if (dot < 0) return DEFAULT_FILE_MEDIA_TYPE
  return EXTENSION_MEDIA_TYPES[lower.slice(dot)] ?? DEFAULT_FILE_MEDIA_TYPE
}

/** RFC 6838 media type shape: type/subtype with optional +suffix and parameters. */
const MEDIA_TYPE_RE =
  /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(;.*)?$/

/** True when the string has the shape of a media type. */
export function isValidMediaType(mediaType: string): boolean {
  return MEDIA_TYPE_RE.test(mediaType)
}
