export const id = 679;
export const ids = [679];
export const modules = {

/***/ 2111:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lb: () => (/* reexport */ BlobStore),
  _n: () => (/* reexport */ FileSource),
  oC: () => (/* reexport */ oci_errors/* InvalidInputError */.oC),
  el: () => (/* reexport */ LayoutTarget),
  Uq: () => (/* reexport */ media_types/* MODEL_ARTIFACT_TYPE */.Uq),
  m_: () => (/* reexport */ oci_errors/* NotFoundError */.m_),
  TF: () => (/* reexport */ media_types/* OCI_CONFIG */.TF),
  wF: () => (/* reexport */ OutputFolder),
  xj: () => (/* reexport */ RegistryTarget),
  Gh: () => (/* reexport */ artifactTypeOf),
  u1: () => (/* reexport */ buildManifest),
  sd: () => (/* reexport */ canListTags),
  C: () => (/* reexport */ copy),
  MS: () => (/* reexport */ credentialFromDockerConfig),
  jQ: () => (/* reexport */ credentialHelperFor),
  Q1: () => (/* reexport */ dockerConfigPath),
  Cj: () => (/* reexport */ fetchManifest),
  FH: () => (/* reexport */ oci_reference/* formatReference */.FH),
  Bc: () => (/* reexport */ oci_digest/* isDigest */.Bc),
  qp: () => (/* reexport */ packConfig),
  Po: () => (/* reexport */ packFiles),
  Zh: () => (/* reexport */ pullThrough),
  TO: () => (/* reexport */ readDockerConfig),
  Zz: () => (/* reexport */ runCredentialHelper),
  CL: () => (/* reexport */ safeTitle),
  RX: () => (/* reexport */ sweepStaleTemps)
});

// UNUSED EXPORTS: CancelledError, CopyError, DEFAULT_FILE_MEDIA_TYPE, DOCKER_CONFIG, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, DeniedError, DigestMemo, DigestMismatchError, EMPTY_DESCRIPTOR, FOLDER_MEDIA_TYPE, INDEX_MEDIA_TYPES, InvalidReferenceError, MANIFEST_MEDIA_TYPES, ManifestInvalidError, NoSpaceError, OCI_EMPTY, OCI_INDEX, OCI_LAYER, OCI_LAYER_GZIP, OCI_MANIFEST, OciError, RateLimitedError, RegistryResponseError, UnauthorizedError, UnsupportedError, canMount, digestBytes, digestFile, isManifestMediaType, isValidMediaType, isValidTag, manifestChildren, mediaTypeForFile, memoDigestFile, onInterrupt, parseAnyReference, parseDigest, parseManifest, parseReference, redactUrl, runInterruptActions, toError

// EXTERNAL MODULE: ./src/oci/errors.ts
var oci_errors = __webpack_require__(8630);
// EXTERNAL MODULE: ./src/oci/media-types.ts
var media_types = __webpack_require__(9217);
;// CONCATENATED MODULE: ./src/oci/target.ts
/** True when the target can mount blobs. */
function canMount(t) {
    return typeof t.mount === 'function';
}
/** True when the target can resolve a tag or digest (every source can; a destination may). */
function canResolve(t) {
    return typeof t.resolve === 'function';
}
/** True when the target can list its tags. */
function canListTags(t) {
    return typeof t.tags === 'function';
}
/** True when the source can read byte ranges of a blob. */
function canFetchRange(t) {
    return typeof t.fetchRange === 'function';
}

// EXTERNAL MODULE: ./src/oci/reference.ts
var oci_reference = __webpack_require__(2148);
// EXTERNAL MODULE: ./src/oci/digest.ts
var oci_digest = __webpack_require__(8825);
;// CONCATENATED MODULE: ./src/oci/manifest.ts
/**
 * Manifests and indexes: building the artifact manifest a push writes (image-spec 1.1 or the 1.0
 * form), and parsing what a registry returns, strictly, before anything in it is trusted.
 */



/** Manifests above this size are refused (distribution spec recommends registries accept 4 MiB). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** The empty JSON object `{}` as a blob (image-spec 1.1, "Guidance for an Empty Descriptor"). */
const EMPTY_JSON = Buffer.from('{}');
const EMPTY_DESCRIPTOR = Object.freeze({
    mediaType: media_types/* OCI_EMPTY */.g1,
    digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    size: 2,
    data: 'e30='
});
/**
 * Builds an artifact manifest as oras writes it. With image-spec 1.0 (for older registries) there is
 * no `artifactType` field: the type travels as the config's media type, on an empty `{}` config.
 */
function buildManifest(opts) {
    const spec = opts.imageSpec ?? 'v1.1';
    let config = opts.config ?? { ...EMPTY_DESCRIPTOR };
    const manifest = {
        schemaVersion: 2,
        mediaType: media_types/* OCI_MANIFEST */.EG,
        config,
        layers: opts.layers
    };
    if (spec === 'v1.1') {
        // Required by image-spec 1.1 when the config is the empty descriptor.
        if (opts.artifactType)
            manifest.artifactType = opts.artifactType;
    }
    else if (!opts.config && opts.artifactType) {
        // image-spec 1.0: an empty config whose media type names the artifact type.
        config = {
            mediaType: opts.artifactType,
            digest: EMPTY_DESCRIPTOR.digest,
            size: EMPTY_DESCRIPTOR.size
        };
        manifest.config = config;
    }
    // Key order as oras writes it, for readable and reproducible output.
    const ordered = {
        schemaVersion: 2,
        mediaType: media_types/* OCI_MANIFEST */.EG,
        ...(manifest.artifactType ? { artifactType: manifest.artifactType } : {}),
        config: manifest.config,
        layers: manifest.layers,
        ...(opts.subject ? { subject: opts.subject } : {}),
        ...(opts.annotations && Object.keys(opts.annotations).length
            ? { annotations: opts.annotations }
            : {})
    };
    const bytes = Buffer.from(JSON.stringify(ordered));
    return {
        manifest: ordered,
        bytes,
        descriptor: {
            mediaType: media_types/* OCI_MANIFEST */.EG,
            digest: (0,oci_digest/* digestBytes */.QN)(bytes),
            size: bytes.length,
            ...(ordered.artifactType ? { artifactType: ordered.artifactType } : {})
        }
    };
}
/**
 * Parses and validates manifest bytes. `mediaType` is the type the registry or index named; when the
 * document has its own `mediaType` field, the two must agree.
 */
function parseManifest(bytes, mediaType) {
    if (bytes.length > MAX_MANIFEST_BYTES) {
        throw new oci_errors/* ManifestInvalidError */.Vb(`manifest is ${bytes.length} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit`);
    }
    let doc;
    try {
        doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
    }
    catch (e) {
        throw new oci_errors/* ManifestInvalidError */.Vb(`manifest is not valid JSON: ${e.message}`);
    }
    if (!isObject(doc))
        throw new oci_errors/* ManifestInvalidError */.Vb('manifest is not a JSON object');
    if (doc.schemaVersion !== 2)
        throw new oci_errors/* ManifestInvalidError */.Vb(`unsupported manifest schemaVersion ${String(doc.schemaVersion)}: expected 2`);
    const own = typeof doc.mediaType === 'string' ? doc.mediaType : undefined;
    if (own && mediaType && own !== mediaType && !sameFamily(own, mediaType)) {
        throw new oci_errors/* ManifestInvalidError */.Vb(`manifest mediaType ${own} does not match the announced ${mediaType}`);
    }
    const type = own ?? mediaType ?? (Array.isArray(doc.manifests) ? media_types/* OCI_INDEX */.$p : media_types/* OCI_MANIFEST */.EG);
    const artifactType = optionalMediaType(doc.artifactType, 'artifactType');
    const annotations = optionalAnnotations(doc.annotations, 'manifest annotations');
    const subject = doc.subject === undefined ? undefined : parseDescriptor(doc.subject, 'subject');
    if (media_types/* INDEX_MEDIA_TYPES */.kA.includes(type)) {
        if (!Array.isArray(doc.manifests))
            throw new oci_errors/* ManifestInvalidError */.Vb('index has no manifests array');
        const manifests = doc.manifests.map((d, i) => parseDescriptor(d, `manifests[${i}]`));
        return {
            kind: 'index',
            mediaType: type,
            manifest: {
                ...doc,
                schemaVersion: 2,
                manifests,
                artifactType,
                annotations,
                subject
            }
        };
    }
    if (type !== media_types/* OCI_MANIFEST */.EG && type !== media_types/* DOCKER_MANIFEST */.Vv) {
        throw new oci_errors/* ManifestInvalidError */.Vb(`unsupported manifest media type ${type}`);
    }
    const config = parseDescriptor(doc.config, 'config');
    if (!Array.isArray(doc.layers))
        throw new oci_errors/* ManifestInvalidError */.Vb('manifest has no layers array');
    const layers = doc.layers.map((d, i) => parseDescriptor(d, `layers[${i}]`));
    return {
        kind: 'manifest',
        mediaType: type,
        manifest: {
            ...doc,
            schemaVersion: 2,
            config,
            layers,
            artifactType,
            annotations,
            subject
        }
    };
}
/** The descriptors a manifest or index refers to (children to copy before the parent). */
function manifestChildren(parsed) {
    if (parsed.kind === 'index')
        return parsed.manifest.manifests;
    return [parsed.manifest.config, ...parsed.manifest.layers];
}
/** The artifact type of a manifest: its artifactType, else the config media type of a non-image. */
function artifactTypeOf(parsed) {
    if (parsed.manifest.artifactType)
        return parsed.manifest.artifactType;
    if (parsed.kind === 'manifest') {
        const t = parsed.manifest.config.mediaType;
        if (t !== media_types/* OCI_EMPTY */.g1 &&
            t !== 'application/vnd.oci.image.config.v1+json' &&
            t !== 'application/vnd.docker.container.image.v1+json')
            return t;
    }
    return undefined;
}
/** Validates one descriptor: media type shape, a verifiable digest, a non-negative integer size. */
function parseDescriptor(value, where) {
    if (!isObject(value))
        throw new oci_errors/* ManifestInvalidError */.Vb(`${where} is not a descriptor object`);
    const { mediaType, digest, size } = value;
    if (typeof mediaType !== 'string' || !(0,media_types/* isValidMediaType */.Hw)(mediaType)) {
        throw new oci_errors/* ManifestInvalidError */.Vb(`${where} has an invalid mediaType`);
    }
    if (typeof digest !== 'string')
        throw new oci_errors/* ManifestInvalidError */.Vb(`${where} has no digest`);
    try {
        (0,oci_digest/* parseDigest */.m)(digest);
    }
    catch (e) {
        throw new oci_errors/* ManifestInvalidError */.Vb(`${where}: ${e.message}`);
    }
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        throw new oci_errors/* ManifestInvalidError */.Vb(`${where} has an invalid size`);
    }
    const desc = { ...value, mediaType, digest, size };
    const annotations = optionalAnnotations(value.annotations, `${where} annotations`);
    if (annotations)
        desc.annotations = annotations;
    else
        delete desc.annotations;
    optionalMediaType(value.artifactType, `${where} artifactType`);
    return desc;
}
function optionalMediaType(v, where) {
    if (v === undefined)
        return undefined;
    if (typeof v !== 'string' || !(0,media_types/* isValidMediaType */.Hw)(v))
        throw new oci_errors/* ManifestInvalidError */.Vb(`${where} is not a valid media type`);
    return v;
}
function optionalAnnotations(v, where) {
    if (v === undefined || v === null)
        return undefined;
    if (!isObject(v))
        throw new oci_errors/* ManifestInvalidError */.Vb(`${where} is not an object of strings`);
    for (const [k, val] of Object.entries(v)) {
        if (typeof val !== 'string')
            throw new oci_errors/* ManifestInvalidError */.Vb(`${where}: "${k.slice(0, 60)}" is not a string`);
    }
    return v;
}
function sameFamily(a, b) {
    const manifests = [media_types/* OCI_MANIFEST */.EG, media_types/* DOCKER_MANIFEST */.Vv];
    const indexes = [media_types/* OCI_INDEX */.$p, media_types/* DOCKER_MANIFEST_LIST */.m6];
    return ((manifests.includes(a) && manifests.includes(b)) || (indexes.includes(a) && indexes.includes(b)));
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./src/oci/concurrency.ts
/** A tiny promise pool: runs async jobs with at most `limit` in flight, stopping at the first error. */
/**
 * Runs `worker` over every item with at most `limit` running at once. After the first error no new
 * item starts, the jobs in flight are waited for (so that when this rejects nothing is still
 * writing: their temp files are gone), and the first error is thrown.
 */
async function forEachLimit(items, limit, worker) {
    let next = 0;
    let first;
    const lanes = Math.max(1, Math.min(limit, items.length));
    await Promise.all(Array.from({ length: lanes }, async () => {
        while (!first && next < items.length) {
            const i = next++;
            try {
                await worker(items[i], i);
            }
            catch (e) {
                first ??= { error: e };
            }
        }
    }));
    if (first)
        throw first.error;
}

;// CONCATENATED MODULE: ./src/oci/ranges.ts
/**
 * When a copy fetches one blob as parallel byte ranges, and the connection budget those ranges
 * share with `concurrency`: each blob in flight holds one connection, a split blob takes the ones
 * left (never more than `connections` in all), and gives them back as its ranges finish.
 */
/** The default RangeSettings (a fresh object each time). */
function defaultRangeSettings() {
    return {
        threshold: 64 * 1024 * 1024,
        partSize: 32 * 1024 * 1024,
        connections: 8,
        fastConnection: 64 * 1024 * 1024
    };
}
/** Counts the connections of one copy (see the module comment). */
class ConnectionBudget {
    limit;
    inUse = 0;
    constructor(limit) {
        this.limit = limit;
    }
    /** Holds the connection of one blob transfer until `fn` settles (always granted). */
    async hold(fn) {
        this.inUse++;
        try {
            return await fn();
        }
        finally {
            this.inUse--;
        }
    }
    /** One more connection, as a function that gives it back (once); undefined when none is free. */
    extra() {
        if (this.inUse >= this.limit)
            return undefined;
        this.inUse++;
        let given = false;
        return () => {
            if (!given)
                this.inUse--;
            given = true;
        };
    }
}

;// CONCATENATED MODULE: ./src/oci/stream-utils.ts

/**
 * Reads a stream into memory, refusing more than `limit` bytes. Only for metadata (manifests,
 * tokens, error bodies); blobs are always streamed.
 */
async function readLimited(stream, limit, what) {
    const chunks = [];
    let total = 0;
    for await (const chunk of stream) {
        total += chunk.length;
        if (total > limit) {
            if ('destroy' in stream && typeof stream.destroy === 'function')
                stream.destroy();
            throw new oci_errors/* OciError */.Mf(`${what} is larger than ${limit} bytes; refusing to read it`);
        }
        chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
}

;// CONCATENATED MODULE: ./src/oci/up-to-date.ts
/**
 * The up-to-date check copy() makes before anything moves, as oras-go's Copy skips a graph whose
 * root the destination already has: when every tag asked for already names the root's digest, the
 * destination holds the whole graph. A registry stores a manifest only once it has every blob the
 * manifest names (distribution refuses one with MANIFEST_BLOB_UNKNOWN), and copy() writes a manifest
 * into a layout only after its children, so nothing is left to send, check or tag.
 */


/**
 * tagsPointAt answers whether `to` resolves every one of `tags` to `root`'s digest. The tags are
 * asked all at once, so the check costs one round trip however many there are. It never throws: a
 * failure to ask (anything but a clean not-found) is logged and answers false, and the caller then
 * copies as usual, so a check can never fail a push.
 */
async function tagsPointAt(to, tags, root, logger) {
    if (tags.length === 0 || !canResolve(to))
        return false;
    const answers = await Promise.all([...new Set(tags)].map(async (tag) => {
        try {
            return (await to.resolve(tag)).digest === root.digest;
        }
        catch (e) {
            if (!(e instanceof oci_errors/* NotFoundError */.m_)) {
                logger?.debug(`up-to-date check of tag ${tag} failed, copying as usual: ${(0,oci_errors/* toError */.iT)(e).message}`);
            }
            return false;
        }
    }));
    return answers.every(Boolean);
}

;// CONCATENATED MODULE: ./src/oci/copy.ts
/**
 * copy(): moves a manifest graph (index → manifests → config and layers) from any source Target to
 * any destination. Push, pull, copy and the cache fill are all this one algorithm: children before
 * parents (so a registry never sees a manifest whose blobs are missing), blobs the destination has
 * are skipped, blobs on the same registry are mounted, everything else is streamed, `concurrency`
 * blobs at a time. A graph whose tags already name its root in the destination is not walked there
 * at all (see up-to-date.ts).
 */










/** CopyError says which side failed, so a message can point at the source or the destination. */
class CopyError extends oci_errors/* OciError */.Mf {
    side;
    descriptor;
    constructor(side, descriptor, cause) {
        super(`${side === 'source' ? 'reading' : 'writing'} ${descriptor.digest}: ${cause.message}`, {
            cause
        });
        this.side = side;
        this.descriptor = descriptor;
    }
}
/** Fetches a manifest's bytes from a target and verifies them against the descriptor. */
async function fetchManifest(from, desc) {
    if (desc.size > MAX_MANIFEST_BYTES) {
        throw new oci_errors/* OciError */.Mf(`manifest ${desc.digest} is ${desc.size} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit`);
    }
    const bytes = await readLimited(await from.fetch(desc), MAX_MANIFEST_BYTES, `manifest ${desc.digest}`);
    (0,oci_digest/* verifyBytes */.RV)(bytes, desc.digest, desc.size, 'manifest');
    return { bytes, parsed: parseManifest(bytes, desc.mediaType) };
}
/** Copies the graph under `root` from `from` to `to`. */
async function copy(from, to, root, opts = {}) {
    const concurrency = opts.concurrency ?? 4;
    const tags = opts.tags ?? [];
    if (tags.length > 0 && !isTagger(to))
        throw new oci_errors/* OciError */.Mf('the destination cannot hold tags');
    // Only reads, so a dry run asks too. When it holds, the walk below still reads the source's
    // manifests, so that every node is reported, but asks the destination nothing more.
    const upToDate = opts.checkUpToDate !== false && (await tagsPointAt(to, tags, root, opts.logger));
    const events = [];
    const report = (action, descriptor, manifest) => {
        const e = { action, descriptor, manifest };
        events.push(e);
        opts.onEvent?.(e);
    };
    const seen = new Set();
    // When one blob fails, the others in flight are cut short (their sources destroyed, no new
    // source opened), so the failure surfaces at once and every writer has cleaned up by then.
    const live = new Set();
    let cancelled;
    const track = async (opening) => {
        if (cancelled)
            throw cancelled;
        const stream = await opening();
        if (stream && cancelled) {
            // Nobody reads this stream: its abort error must not become an unhandled 'error' event.
            stream.on('error', () => undefined);
            stream.destroy();
            throw cancelled;
        }
        if (stream) {
            // A stream cut short by cancelOthers before its reader attached must not crash the process;
            // readers that are attached still get the error through their own listeners.
            stream.on('error', () => undefined);
            live.add(stream);
            stream.once('close', () => live.delete(stream));
        }
        return stream;
    };
    const openLive = (desc, offset) => track(() => openContent(from, desc, offset));
    const ranges = opts.ranges === false ? undefined : { ...defaultRangeSettings(), ...opts.ranges };
    const budget = new ConnectionBudget(ranges?.connections ?? 0);
    const parallelFor = (desc) => {
        if (!ranges || desc.data !== undefined || !canFetchRange(from))
            return undefined;
        return {
            open: (start, end) => track(() => from.fetchRange(desc, start, end)),
            threshold: ranges.threshold,
            partSize: ranges.partSize,
            fastConnection: ranges.fastConnection,
            extraConnection: () => budget.extra()
        };
    };
    const cancelOthers = (cause) => {
        cancelled ??= new oci_errors/* CancelledError */.cc(`stopped because another blob failed: ${(0,oci_errors/* toError */.iT)(cause).message}`);
        for (const s of live)
            s.destroy(cancelled);
    };
    const copyBlob = async (desc) => {
        try {
            await copyOneBlob(desc);
        }
        catch (e) {
            cancelOthers(e);
            throw e;
        }
    };
    const copyOneBlob = async (desc) => {
        if (seen.has(desc.digest))
            return;
        seen.add(desc.digest);
        if (upToDate)
            return report('skipped', desc, false);
        const src = from.mountSource;
        const sameRepository = to.mountSource?.repository === src?.repository;
        const mounter = src && canMount(to) && to.registryHost === src.registryHost && !sameRepository
            ? to
            : undefined;
        // push() itself answers 'existed' without reading the content, and a mount of a blob the
        // destination has succeeds too, so only a dry run needs a separate existence check.
        if (opts.dryRun) {
            const there = await guard('destination', desc, () => to.exists(desc));
            return report(there ? 'skipped' : 'transferred', desc, false);
        }
        if (mounter && src) {
            if (await guard('destination', desc, () => mounter.mount(desc, src.repository))) {
                return report('mounted', desc, false);
            }
        }
        const parallel = parallelFor(desc);
        const outcome = await budget.hold(() => guard('destination', desc, () => to.push(desc, offset => openLive(desc, offset), parallel ? { parallel } : undefined)));
        report(outcome === 'existed' ? 'skipped' : outcome === 'mounted' ? 'mounted' : 'transferred', desc, false);
    };
    const copyNode = async (desc, isRoot = false) => {
        const node = isRoot && opts.rootContent
            ? opts.rootContent
            : await guard('source', desc, () => fetchManifest(from, desc));
        const children = manifestChildren(node.parsed);
        if (node.parsed.kind === 'index') {
            // Child manifests one at a time: each already runs its blobs `concurrency` wide.
            for (const child of children) {
                if ((0,media_types/* isManifestMediaType */.CM)(child.mediaType))
                    await copyNode(child);
                else
                    await copyBlob(child);
            }
        }
        else {
            const [config, ...layers] = children;
            const wanted = layers.filter(l => {
                const keep = !opts.filter || opts.filter(l);
                if (!keep)
                    report('filtered', l, false);
                return keep;
            });
            await forEachLimit([config, ...wanted], concurrency, copyBlob);
        }
        if (seen.has(desc.digest))
            return node;
        seen.add(desc.digest);
        const tag = isRoot ? tags[0] : undefined;
        if (upToDate)
            report('skipped', desc, true);
        else if (tag !== undefined && isTagger(to)) {
            if (!opts.dryRun)
                await guard('destination', desc, () => to.tag(desc, tag, node.bytes));
            report('transferred', desc, true);
        }
        else if (await guard('destination', desc, () => to.exists(desc)))
            report('skipped', desc, true);
        else if (opts.dryRun)
            report('transferred', desc, true);
        else {
            await guard('destination', desc, () => to.push(desc, async (offset) => external_node_stream_.Readable.from([node.bytes.subarray(offset)])));
            report('transferred', desc, true);
        }
        return node;
    };
    const { bytes, parsed } = await copyNode(root, true);
    if (!upToDate && !opts.dryRun && isTagger(to)) {
        for (const tag of tags.slice(1))
            await guard('destination', root, () => to.tag(root, tag, bytes));
    }
    return { root, bytes, parsed, events, upToDate };
}
function isTagger(t) {
    return typeof t.tag === 'function';
}
/** Opens a blob's content: inline `data` when the descriptor carries it, else the source. */
async function openContent(from, desc, offset) {
    if (desc.data !== undefined) {
        const data = Buffer.from(desc.data, 'base64');
        (0,oci_digest/* verifyBytes */.RV)(data, desc.digest, desc.size, 'inline data');
        return external_node_stream_.Readable.from([data.subarray(offset)]);
    }
    return from.fetch(desc, offset);
}
async function guard(side, desc, fn) {
    try {
        return await fn();
    }
    catch (e) {
        if (e instanceof CopyError)
            throw e;
        const err = (0,oci_errors/* toError */.iT)(e);
        // Errors that already say what they are (not found, unauthorized, digest mismatch) are kept as
        // they are so callers can branch on their class; CopyError wraps only anonymous failures.
        if (err instanceof oci_errors/* OciError */.Mf)
            throw err;
        throw new CopyError(side, desc, err);
    }
}

// EXTERNAL MODULE: ./src/oci/cleanup.ts
var cleanup = __webpack_require__(9213);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/oci/docker-config.ts
/**
 * Credentials from a docker config file (`$DOCKER_CONFIG/config.json` or `~/.docker/config.json`), as
 * `docker login` and docker/login-action write them: `auths.<host>.auth` (base64 user:password),
 * `identitytoken`, `registrytoken`, and the names of credential helpers (`credsStore`,
 * `credHelpers`; credential-helper.ts runs them). Docker Hub is stored under its legacy index URL.
 */




const DOCKER_HUB_KEYS = [
    'https://index.docker.io/v1/',
    'index.docker.io',
    'docker.io',
    'registry-1.docker.io'
];
/** Where docker looks for its config: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
function dockerConfigPath(env = process.env) {
    return (0,external_node_path_.join)(env.DOCKER_CONFIG || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.docker'), 'config.json');
}
/** Reads a docker config; a missing file is no config, a malformed one is an error naming the file. */
async function readDockerConfig(path) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (e) {
        if (e.code === 'ENOENT')
            return undefined;
        throw new oci_errors/* InvalidInputError */.oC(`cannot read docker config ${path}: ${e.message}`);
    }
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch {
        throw new oci_errors/* InvalidInputError */.oC(`docker config ${path} is not valid JSON: fix or remove it`);
    }
    const { auths, credsStore, credHelpers } = (doc ?? {});
    const helpers = {};
    if (typeof credHelpers === 'object' && credHelpers !== null) {
        for (const [k, v] of Object.entries(credHelpers))
            if (typeof v === 'string' && v)
                helpers[k] = v;
    }
    return {
        auths: typeof auths === 'object' && auths !== null ? auths : {},
        ...(typeof credsStore === 'string' && credsStore ? { credsStore } : {}),
        ...(Object.keys(helpers).length ? { credHelpers: helpers } : {}),
        path
    };
}
/**
 * The credential helper docker would ask for `registryHost`: its `credHelpers` entry, else the
 * `credsStore`, else none (the `auths` entries are used).
 */
function credentialHelperFor(config, registryHost) {
    const candidates = registryHost === 'docker.io' ? DOCKER_HUB_KEYS : [registryHost];
    for (const [key, helper] of Object.entries(config.credHelpers ?? {})) {
        if (candidates.includes(normaliseKey(key)) || candidates.includes(key))
            return helper;
    }
    return config.credsStore;
}
/** Finds the credential for a registry host (keys may be bare hosts or URLs, as docker accepts). */
function credentialFromDockerConfig(config, registryHost) {
    const candidates = registryHost === 'docker.io' ? DOCKER_HUB_KEYS : [registryHost];
    for (const [key, entry] of Object.entries(config.auths)) {
        if (!candidates.includes(normaliseKey(key)) && !candidates.includes(key))
            continue;
        const cred = toCredential(entry, config.path, key);
        if (cred)
            return cred;
    }
    return undefined;
}
function normaliseKey(key) {
    const host = key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}
function toCredential(entry, path, key) {
    if (!entry || typeof entry !== 'object')
        return undefined;
    if (entry.registrytoken)
        return { registryToken: entry.registrytoken };
    let username = entry.username;
    let password = entry.password;
    if (entry.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new oci_errors/* InvalidInputError */.oC(`docker config ${path}: the auth entry for ${key} is not base64 of "user:password"`);
        }
        username = decoded.slice(0, colon);
        password = decoded.slice(colon + 1);
    }
    if (entry.identitytoken)
        return { username, identityToken: entry.identitytoken };
    if (username !== undefined && password !== undefined && (username || password))
        return { username, password };
    return undefined;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/oci/credential-helper.ts
/**
 * Docker credential helpers (docker-credential-helpers protocol): `docker-credential-<name> get`
 * reads the server URL on stdin and prints `{"ServerURL","Username","Secret"}`. A helper is an
 * executable the docker config names, so the name is untrusted: it must be a plain name, the
 * binary is looked up on PATH but never in the workspace (a checked-out repository must not be able
 * to plant one) nor through a relative PATH entry, and it runs with a time limit and a bounded
 * output.
 */





/** Names a helper may have (docker's own helpers: desktop, osxkeychain, ecr-login, gcloud, pass…). */
const HELPER_NAME = /^[A-Za-z0-9_.-]+$/;
/** Default time a helper may take (it may unlock a keychain or call a cloud API). */
const DEFAULT_HELPER_TIMEOUT_MS = 30_000;
const MAX_OUTPUT = 64 * 1024;
/** The server URL docker passes to helpers: Docker Hub's legacy index URL, else the host. */
function helperServerUrl(registryHost) {
    return registryHost === 'docker.io' ? 'https://index.docker.io/v1/' : registryHost;
}
function within(dir, path) {
    const d = dir.endsWith(external_node_path_.sep) ? dir : dir + external_node_path_.sep;
    return path === dir || path.startsWith(d);
}
/**
 * Finds `docker-credential-<name>` on PATH, skipping relative entries and every entry (or binary,
 * after following symlinks) inside an untrusted folder. Undefined when there is none.
 */
async function findHelper(name, opts = {}) {
    if (!HELPER_NAME.test(name) || name === '.' || name === '..') {
        throw new oci_errors/* InvalidInputError */.oC(`docker config names the credential helper "${name.slice(0, 60)}": a helper name is letters, digits, ., _ and - only`);
    }
    const env = opts.env ?? process.env;
    const untrusted = await Promise.all((opts.untrusted ?? [env.GITHUB_WORKSPACE, process.cwd()])
        .filter((d) => Boolean(d))
        .map(d => (0,promises_.realpath)((0,external_node_path_.resolve)(d)).catch(() => (0,external_node_path_.resolve)(d))));
    for (const entry of (env.PATH ?? '').split(external_node_path_.delimiter)) {
        if (!entry || !(0,external_node_path_.isAbsolute)(entry))
            continue;
        const candidate = (0,external_node_path_.join)(entry, `docker-credential-${name}`);
        const real = await (0,promises_.realpath)(candidate).catch(() => undefined);
        if (!real)
            continue;
        if (untrusted.some(d => within(d, real) || within(d, (0,external_node_path_.resolve)(entry))))
            continue;
        const info = await (0,promises_.stat)(real).catch(() => undefined);
        if (!info?.isFile())
            continue;
        if (await (0,promises_.access)(real, external_node_fs_.constants.X_OK).then(() => true, () => false))
            return real;
    }
    return undefined;
}
/**
 * Asks the helper `name` for the credential of `registryHost`. Undefined when the helper has none
 * ("credentials not found"); an error when it is missing, fails, times out or prints nonsense.
 */
async function runCredentialHelper(name, registryHost, opts = {}) {
    const bin = await findHelper(name, opts);
    if (!bin) {
        throw new oci_errors/* InvalidInputError */.oC(`the docker config uses the credential helper "${name}", but docker-credential-${name} is not on PATH (outside the workspace)`);
    }
    const timeoutMs = opts.timeoutMs ?? DEFAULT_HELPER_TIMEOUT_MS;
    const { code, stdout } = await new Promise((done, fail) => {
        // Its own process group, so that a timeout kills whatever the helper started too.
        const child = (0,external_node_child_process_.spawn)(bin, ['get'], {
            env: opts.env ?? process.env,
            stdio: ['pipe', 'pipe', 'ignore'],
            detached: true
        });
        const kill = () => {
            try {
                if (child.pid)
                    process.kill(-child.pid, 'SIGKILL');
            }
            catch {
                child.kill('SIGKILL');
            }
            child.stdout.destroy();
        };
        let out = '';
        let over = false;
        const timer = setTimeout(() => {
            kill();
            fail(new oci_errors/* OciError */.Mf(`docker-credential-${name} did not answer within ${timeoutMs / 1000} s for ${registryHost}`));
        }, timeoutMs);
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (c) => {
            out += c;
            if (out.length > MAX_OUTPUT && !over) {
                over = true;
                kill();
            }
        });
        child.on('error', e => {
            clearTimeout(timer);
            fail(new oci_errors/* OciError */.Mf(`docker-credential-${name} could not run: ${e.message}`));
        });
        child.on('close', c => {
            clearTimeout(timer);
            if (over)
                fail(new oci_errors/* OciError */.Mf(`docker-credential-${name} printed more than 64 KiB`));
            else
                done({ code: c, stdout: out });
        });
        child.stdin.on('error', () => { });
        child.stdin.end(helperServerUrl(registryHost));
    });
    if (code !== 0) {
        // The protocol's "not found" is a message on stdout with a non-zero exit: anonymous.
        if (/credentials not found/i.test(stdout))
            return undefined;
        // Never echo the helper's output: it may hold a secret.
        throw new oci_errors/* OciError */.Mf(`docker-credential-${name} failed for ${registryHost} (exit code ${code})`);
    }
    let doc;
    try {
        doc = JSON.parse(stdout);
    }
    catch {
        throw new oci_errors/* OciError */.Mf(`docker-credential-${name} printed something that is not JSON`);
    }
    const username = typeof doc.Username === 'string' ? doc.Username : '';
    const secret = typeof doc.Secret === 'string' ? doc.Secret : '';
    if (!secret)
        return undefined;
    // docker-credential-helpers: the username `<token>` marks an identity (refresh) token.
    if (username === '<token>')
        return { identityToken: secret };
    return { username, password: secret };
}

;// CONCATENATED MODULE: ./src/oci/logger.ts
/** A logger that drops everything (the default for library use). */
const silentLogger = Object.freeze({ debug() { }, info() { }, warning() { } });

;// CONCATENATED MODULE: ./src/oci/registry/challenge.ts
/**
 * `WWW-Authenticate` parsing (RFC 9110 §11.6.1, §11.2): one header may carry several challenges,
 * each a scheme followed by either a token68 or comma-separated `name=value` parameters whose values
 * are tokens or quoted strings (which may contain commas, and backslash escapes).
 */
const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;
/** Parses every challenge of one or more `WWW-Authenticate` header values. */
function parseChallenges(headers) {
    const list = typeof headers === 'string' ? [headers] : headers;
    return list.flatMap(parseOne);
}
function parseOne(s) {
    const out = [];
    let i = 0;
    const skip = (chars) => {
        while (i < s.length && chars.test(s[i]))
            i++;
    };
    const token = () => {
        const start = i;
        while (i < s.length && TCHAR.test(s[i]))
            i++;
        return s.slice(start, i);
    };
    while (i < s.length) {
        skip(/[\s,]/);
        const scheme = token();
        if (!scheme) {
            if (i < s.length)
                i++; // not a token: skip the stray character and resynchronise
            continue;
        }
        const challenge = { scheme: scheme.toLowerCase(), params: {} };
        out.push(challenge);
        skip(/[ \t]/);
        const t68 = TOKEN68.exec(s.slice(i));
        if (t68 && /^[ \t]*(,|$)/.test(s.slice(i + t68[0].length))) {
            challenge.token68 = t68[0];
            i += t68[0].length;
            continue;
        }
        // auth-params until something that is not `name =` (the next challenge's scheme).
        for (;;) {
            const save = i;
            skip(/[\s,]/);
            const name = token();
            skip(/[ \t]/);
            if (!name || s[i] !== '=') {
                i = save;
                break;
            }
            i++;
            skip(/[ \t]/);
            let value = '';
            if (s[i] === '"') {
                i++;
                while (i < s.length && s[i] !== '"') {
                    if (s[i] === '\\' && i + 1 < s.length)
                        i++;
                    value += s[i];
                    i++;
                }
                i++; // closing quote (or end of input for an unterminated string)
            }
            else {
                const start = i;
                while (i < s.length && s[i] !== ',' && !/\s/.test(s[i]))
                    i++;
                value = s.slice(start, i);
            }
            challenge.params[name.toLowerCase()] = value;
        }
    }
    return out;
}
/** Quotes a parameter value as a quoted-string (for tests and for building challenges). */
function quoteParam(value) {
    return `"${value.replace(/["\\]/g, m => `\\${m}`)}"`;
}

;// CONCATENATED MODULE: ./src/oci/registry/errors.ts
/**
 * Maps unexpected registry responses to the error classes of ../errors.ts, with the registry's own
 * error codes (distribution spec "Error Codes": `{"errors":[{code,message,detail}]}`) attached.
 */


/** Error bodies are read up to this size; a larger one is cut off and ignored. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** Reads the `errors` array of an error response; an unreadable or foreign body gives []. */
async function readRegistryErrors(res) {
    let text;
    try {
        text = (await readLimited(res.body, MAX_ERROR_BODY_BYTES, 'error response')).toString('utf8');
    }
    catch {
        return [];
    }
    return parseRegistryErrors(text);
}
/** Parses `{"errors":[…]}`; anything else gives []. */
function parseRegistryErrors(text) {
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch {
        return [];
    }
    const list = doc?.errors;
    if (!Array.isArray(list))
        return [];
    return list
        .filter(e => e && typeof e === 'object' && typeof e.code === 'string')
        .slice(0, 20)
        .map(e => {
        const { code, message, detail } = e;
        const out = { code: code.slice(0, 100) };
        if (typeof message === 'string')
            out.message = message.slice(0, 500);
        if (detail !== undefined)
            out.detail = detail;
        return out;
    });
}
/** Describes a subject for a message, e.g. `tag "v9"` or `blob sha256:…`. */
function describeSubject(s) {
    switch (s.kind) {
        case 'tag':
            return `tag "${s.name}" not found in ${s.repository}`;
        case 'repository':
            return `repository ${s.repository} not found`;
        case 'upload':
            return `upload session not found in ${s.repository} (it may have expired)`;
        default:
            return `${s.kind} ${s.name} not found in ${s.repository}`;
    }
}
/**
 * Turns a response the caller did not expect into an error, consuming its body. 401, 403, 404 and
 * 429 get their own classes; everything else is a RegistryResponseError with the status and codes.
 */
async function responseError(res, ctx) {
    const err = await mapResponse(res, ctx);
    const after = res.headers['retry-after'];
    if (after !== undefined && err instanceof oci_errors/* RegistryResponseError */.X1) {
        err.retryAfter = after.slice(0, 100);
    }
    return err;
}
/** Explains a rate limit: how long the registry asked to wait, and what raises the limit. */
function rateLimitHint(res) {
    const after = res.headers['retry-after']?.trim().slice(0, 100);
    const limit = res.headers['ratelimit-limit'] ?? res.headers['x-ratelimit-limit'];
    const parts = ['the registry is rate limiting requests (429 Too Many Requests)'];
    if (after) {
        parts.push(/^\d+$/.test(after)
            ? `it asked to wait ${after} s, longer than the retries allow`
            : `it asked to wait until ${after}`);
    }
    if (limit)
        parts.push(`limit: ${limit.slice(0, 60)}`);
    return `${parts.join('; ')}. Try again later, lower \`concurrency\`, or authenticate for a higher limit (Docker Hub limits anonymous pulls per IP)`;
}
async function mapResponse(res, ctx) {
    const errors = ctx.method === 'HEAD' ? [] : await readRegistryErrors(res);
    const url = (0,oci_errors/* redactUrl */.BO)(res.url);
    switch (res.status) {
        case 401:
            return new oci_errors/* UnauthorizedError */.D_(ctx.method, url, 401, errors, ctx.authHint ?? 'check the credentials for this registry');
        case 403:
            return new oci_errors/* DeniedError */.iC(ctx.method, url, 403, errors, 'the credentials are valid but lack permission for this repository');
        case 404:
            if (ctx.subject) {
                const codes = errors.map(e => e.code).join(', ');
                return new oci_errors/* NotFoundError */.m_(`${describeSubject(ctx.subject)}${codes ? ` (${codes})` : ''}`);
            }
            return new oci_errors/* NotFoundError */.m_(`${ctx.method} ${url} returned 404`);
        case 429:
            return new oci_errors/* RateLimitedError */.TM(ctx.method, url, 429, errors, rateLimitHint(res));
        case 503:
            return new oci_errors/* RegistryResponseError */.X1(ctx.method, url, 503, errors, 'the registry is unavailable or overloaded and stayed so through the retries; try again later');
        default:
            return new oci_errors/* RegistryResponseError */.X1(ctx.method, url, res.status, errors);
    }
}

// EXTERNAL MODULE: ./node_modules/undici/lib/dispatcher/agent.js
var agent = __webpack_require__(7405);
var agent_default = /*#__PURE__*/__webpack_require__.n(agent);
// EXTERNAL MODULE: ./node_modules/undici/lib/api/api-request.js
var api_request = __webpack_require__(4043);
var api_request_default = /*#__PURE__*/__webpack_require__.n(api_request);
// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
// EXTERNAL MODULE: external "node:vm"
var external_node_vm_ = __webpack_require__(714);
;// CONCATENATED MODULE: ./src/oci/garbage-pacer.ts
/**
 * Keeps the memory that a transfer churns through small. Every chunk a transfer moves is a fresh
 * Buffer: Node allocates one per socket read (64 KiB) and per file read (1 MiB), and both end up
 * as garbage a moment later. Their memory lives outside V8's heap, and V8 collects it only after
 * 64 MiB more of it has been allocated since its last full collection: so a pull or push at full
 * speed keeps 60–75 MiB of dead Buffers resident (bench/memory-probe.mjs shows it as
 * `arrayBuffers`), more than all of the action's code.
 *
 * The pacer runs a minor collection (a scavenge) every PACE_BYTES that transfers report. A Buffer
 * that was written or hashed is young and unreferenced by then, so the scavenge frees its memory.
 * Measured on a 1 GiB pull and push (docs/performance.md): peak RSS 173–190 MiB without pacing,
 * 135–157 MiB at 8 MiB (but ~6% slower: each scavenge also sweeps the freed Buffers), ~150 MiB
 * at 32 MiB with no measurable cost; 16 MiB is between. V8 exposes its collector only behind --expose-gc, which the pacer
 * turns on for new contexts at first use (the action cannot pass node flags: the runner starts
 * it); where that is refused, pacing is a no-op and only the peak memory differs.
 */


/** Bytes of transfer between two minor collections: bounds dead Buffers at about this much. */
const PACE_BYTES = 16 * 1024 * 1024;
let collect;
let since = 0;
function collector() {
    if (collect !== undefined)
        return collect;
    collect = null;
    if (process.env.OCI_GARBAGE_PACER === 'off')
        return collect;
    try {
        (0,external_node_v8_.setFlagsFromString)('--expose-gc');
        const gc = (0,external_node_vm_.runInNewContext)('typeof gc === "function" ? gc : undefined');
        if (typeof gc === 'function')
            collect = gc;
    }
    catch {
        // Pacing is only a memory bound.
    }
    return collect;
}
/** Reports `bytes` moved by a transfer (received, sent or read); collects every PACE_BYTES. */
function paceGarbage(bytes) {
    since += bytes;
    if (since < PACE_BYTES)
        return;
    since = 0;
    collector()?.({ type: 'minor' });
}
/** Whether the pacer can collect (for tests and the benchmark's notes). */
function garbagePacerActive() {
    return collector() !== null;
}

;// CONCATENATED MODULE: ./src/oci/registry/http.ts
/**
 * The HTTP layer: undici underneath, one connection pool per origin (an undici Agent keeps one Pool
 * per origin), and a request helper that returns status, headers and a body stream. Request bodies
 * are factories so a request can be sent again by the retry layer; nothing here retries, follows
 * redirects or authenticates: those are the layers above.
 */

// The connection pool and the request API, not undici's index: the index also loads fetch,
// WebSocket, the cache and cookie code (which touches globalThis.Headers and so loads Node's own
// copy of undici). That is ~15 MiB of memory and ~20 ms of every start-up, for nothing this client
// uses. (The index is also what puts `request` on Dispatcher.prototype: it is called here instead.)




/** Default idle timeout of a connection (see HttpClientOptions.idleTimeoutMs). */
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
/** Default wait for an answer after a request body (see HttpClientOptions.finishTimeoutMs). */
const DEFAULT_FINISH_TIMEOUT_MS = 600_000;
/** The code of StalledError, listed among the retryable network failures of the retry policy. */
const STALLED = 'ESTALLED';
/** StalledError: a request body that the server stopped reading for longer than the idle timeout. */
class StalledError extends oci_errors/* OciError */.Mf {
    code = STALLED;
}
/** Default User-Agent sent with every request. */
const DEFAULT_USER_AGENT = 'oci-model-action';
/** HttpClient sends single requests over a shared undici dispatcher. */
class HttpClient {
    dispatcher;
    owned;
    userAgent;
    idleMs;
    finishMs;
    constructor(opts = {}) {
        this.owned = !opts.dispatcher;
        this.idleMs = opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
        this.finishMs = Math.max(this.idleMs, opts.finishTimeoutMs ?? DEFAULT_FINISH_TIMEOUT_MS);
        this.dispatcher =
            opts.dispatcher ??
                new (agent_default())({
                    keepAliveTimeout: 30_000,
                    headersTimeout: this.finishMs,
                    bodyTimeout: this.idleMs,
                    connections: 16
                });
        this.userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
    }
    /**
     * Sends one request and returns the response without looking at its status. Every request is
     * bounded: undici's header timeout (which starts once the body is sent) and body timeout (idle
     * time between chunks of the response), and a watchdog on the request body.
     */
    async request(req) {
        const made = req.body ? await req.body() : undefined;
        const body = made instanceof external_node_stream_.Readable ? guardIdle(made, this.idleMs) : made;
        const headers = { 'user-agent': this.userAgent, ...req.headers };
        try {
            const res = await api_request_default().call(this.dispatcher, {
                origin: req.url.origin,
                path: `${req.url.pathname}${req.url.search}`,
                method: req.method,
                headers,
                body: body ?? null,
                signal: req.signal,
                headersTimeout: (req.wait ?? (made instanceof external_node_stream_.Readable ? 'finish' : 'idle')) === 'idle'
                    ? this.idleMs
                    : this.finishMs,
                bodyTimeout: this.idleMs
            });
            return {
                status: res.statusCode,
                headers: flattenHeaders(res.headers),
                challenges: listHeader(res.headers['www-authenticate']),
                body: res.body,
                url: req.url
            };
        }
        catch (e) {
            if (body instanceof external_node_stream_.Readable)
                body.destroy();
            if (made instanceof external_node_stream_.Readable)
                made.destroy();
            throw e;
        }
    }
    /** Closes the connection pools this client created (an injected dispatcher is left open). */
    async close() {
        if (this.owned)
            await this.dispatcher.close();
    }
}
/**
 * Passes a request body through a watchdog: when no chunk moves for `ms` (the server stopped
 * reading, so back-pressure stopped the body), the body fails with a StalledError, which aborts the
 * request; the retry layer then decides. The source is destroyed with it (a file is closed).
 */
function guardIdle(source, ms) {
    let timer;
    const guard = new external_node_stream_.Transform({
        transform(chunk, _enc, done) {
            arm();
            // Every request body (a blob upload) passes here: its read Buffers are the garbage to pace.
            paceGarbage(chunk.length);
            done(null, chunk);
        },
        flush(done) {
            clearTimeout(timer);
            done();
        },
        destroy(err, done) {
            clearTimeout(timer);
            source.destroy();
            done(err);
        }
    });
    const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
            guard.destroy(new StalledError(`the request body did not move for ${ms} ms; the connection stalled`));
        }, ms);
        timer.unref();
    };
    source.on('error', e => guard.destroy(e));
    // undici listens while it sends; a timer firing after the request ended (a server that answered
    // before reading the whole body) must not become an unhandled 'error'.
    guard.on('error', () => { });
    arm();
    return source.pipe(guard);
}
/** Reads and drops a response body (bounded) so its connection can be reused. */
async function discardBody(res) {
    const body = res.body;
    try {
        if (typeof body.dump === 'function')
            await body.dump({ limit: 64 * 1024 });
        else
            body.destroy();
    }
    catch {
        // A body that fails while being dropped changes nothing for the caller.
    }
}
function flattenHeaders(h) {
    const out = {};
    for (const [k, v] of Object.entries(h)) {
        if (v === undefined)
            continue;
        out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    }
    return out;
}
function listHeader(v) {
    if (v === undefined)
        return [];
    return Array.isArray(v) ? v : [v];
}

;// CONCATENATED MODULE: ./src/oci/registry/retry.ts



/** The default policy: 5 attempts within 2 minutes, 0.5 s doubling to at most 30 s, half jittered. */
function defaultRetryPolicy() {
    return {
        maxAttempts: 5,
        maxElapsedMs: 120_000,
        baseDelayMs: 500,
        maxDelayMs: 30_000,
        jitter: 0.5,
        retryStatuses: [408, 429, 500, 502, 503, 504],
        retryErrorCodes: [
            'ECONNRESET',
            'ETIMEDOUT',
            'EPIPE',
            'EAI_AGAIN',
            'ENETUNREACH',
            'EHOSTUNREACH',
            'UND_ERR_SOCKET',
            'UND_ERR_CONNECT_TIMEOUT',
            'UND_ERR_HEADERS_TIMEOUT',
            'UND_ERR_BODY_TIMEOUT',
            'UND_ERR_CLOSED',
            'ESTALLED'
        ],
        sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
        now: () => Date.now(),
        random: Math.random
    };
}
/** The default policy with some fields replaced. */
function retryPolicy(overrides = {}) {
    return { ...defaultRetryPolicy(), ...overrides };
}
/**
 * Parses `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Returns milliseconds to
 * wait (0 for a date in the past), or undefined when the header is absent or malformed.
 */
function parseRetryAfter(value, now) {
    if (value === undefined)
        return undefined;
    const v = value.trim();
    if (/^\d+$/.test(v))
        return Number(v) * 1000;
    const at = Date.parse(v);
    if (Number.isNaN(at))
        return undefined;
    return Math.max(0, at - now);
}
/** Delay before attempt `attempt + 1` (attempt counts from 1): backoff, jittered, capped. */
function backoffDelay(policy, attempt) {
    const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    const jitter = Math.min(1, Math.max(0, policy.jitter));
    return Math.round(raw * (1 - jitter) + raw * jitter * policy.random());
}
/** The code of a network error, looking through undici's `cause` chain. */
function errorCode(e) {
    for (let cur = e, depth = 0; cur && depth < 5; depth++) {
        const code = cur.code;
        if (typeof code === 'string')
            return code;
        cur = cur.cause;
    }
    return undefined;
}
/** True when a thrown error is a transient network failure under the policy. */
function isRetryableError(policy, e) {
    if (e instanceof oci_errors/* RegistryResponseError */.X1)
        return policy.retryStatuses.includes(e.status);
    const code = errorCode(e);
    return code !== undefined && policy.retryErrorCodes.includes(code);
}
/**
 * Runs `attempt` until it is done, a non-retryable error is thrown, or the policy's attempts or time
 * run out. `what` names the operation in log lines (e.g. `PUT https://…/uploads/…`).
 */
async function withRetry(policy, what, attempt, logger = silentLogger, opts = {}) {
    let start = policy.now();
    let mark = opts.progress?.() ?? 0;
    for (let n = 1;; n++) {
        let reason;
        let wait;
        let last;
        try {
            last = await attempt(n);
            if ('done' in last)
                return last.done;
            reason = last.retry;
            const after = parseRetryAfter(last.retryAfter, policy.now());
            wait = after ?? backoffDelay(policy, n);
        }
        catch (e) {
            if (!isRetryableError(policy, e))
                throw e;
            // A long transfer that moved forward before failing starts a fresh budget: the limits bound
            // failures in a row, not the length of a multi-GB upload.
            const now = opts.progress?.() ?? 0;
            if (now > mark) {
                mark = now;
                n = 1;
                start = policy.now();
            }
            reason = errorCode(e) ?? e.message;
            const after = e instanceof oci_errors/* RegistryResponseError */.X1 ? parseRetryAfter(e.retryAfter, policy.now()) : undefined;
            wait = after ?? backoffDelay(policy, n);
            last = undefined;
            const elapsed = policy.now() - start;
            if (n >= policy.maxAttempts ||
                elapsed + wait > policy.maxElapsedMs ||
                wait > policy.maxDelayMs) {
                throw e;
            }
        }
        if (last) {
            const elapsed = policy.now() - start;
            // A Retry-After longer than the remaining budget is not waited for: the caller gets the
            // response and maps it (e.g. 429 → RateLimitedError) at once.
            if (n >= policy.maxAttempts ||
                elapsed + wait > policy.maxElapsedMs ||
                wait > policy.maxDelayMs) {
                return last.last;
            }
            await last.discard();
        }
        logger.debug(`${what}: ${reason}; attempt ${n + 1} of ${policy.maxAttempts} in ${wait} ms`);
        await policy.sleep(wait);
    }
}
/**
 * Sends a request under the policy: a network error or a retryable status sends it again (the body
 * factory makes a fresh body each time). The last response is returned whatever its status.
 */
function sendWithRetry(http, policy, req, logger = silentLogger) {
    return withRetry(policy, `${req.method} ${(0,oci_errors/* redactUrl */.BO)(req.url)}`, async () => {
        const res = await http.request(req);
        if (!policy.retryStatuses.includes(res.status))
            return { done: res };
        return {
            retry: `status ${res.status}`,
            retryAfter: res.headers['retry-after'],
            discard: () => discardBody(res),
            last: res
        };
    }, logger);
}

;// CONCATENATED MODULE: ./src/oci/registry/scopes.ts
/**
 * Token scopes (distribution token spec "Token Scope Documentation"): `type:name:actions`, e.g.
 * `repository:models/x:pull,push`. Used to ask for the right access and to reuse a cached token for
 * any request whose scopes it covers.
 */
/** `repository:<name>:pull`. */
function pullScope(repository) {
    return `repository:${repository}:pull`;
}
/** `repository:<name>:pull,push`: asked up front for writes, so one token serves a whole push. */
function pushScope(repository) {
    return `repository:${repository}:pull,push`;
}
/** Parses and merges scope strings; the actions are after the last colon, the type before the first. */
function parseScopes(scopes) {
    const out = new Map();
    for (const scope of scopes) {
        for (const one of scope.split(' ')) {
            const last = one.lastIndexOf(':');
            if (last <= 0 || one.indexOf(':') === last)
                continue;
            const resource = one.slice(0, last);
            const actions = out.get(resource) ?? new Set();
            for (const a of one.slice(last + 1).split(','))
                if (a)
                    actions.add(a);
            out.set(resource, actions);
        }
    }
    return out;
}
/** Formats a scope set back into scope strings, sorted (a stable cache key and query). */
function formatScopes(set) {
    return [...set.entries()]
        .map(([resource, actions]) => `${resource}:${[...actions].sort().join(',')}`)
        .sort();
}
/** Merges scope strings into their canonical, de-duplicated form. */
function mergeScopes(...lists) {
    return formatScopes(parseScopes(lists.flat()));
}
/** True when `granted` allows every action of `wanted` (`*` allows all). */
function covers(granted, wanted) {
    for (const [resource, actions] of wanted) {
        const have = granted.get(resource);
        if (!have)
            return false;
        if (have.has('*'))
            continue;
        for (const a of actions)
            if (!have.has(a))
                return false;
    }
    return true;
}

;// CONCATENATED MODULE: ./src/oci/registry/auth.ts









/** Token responses are read up to this size (a token is a few KiB at most). */
const MAX_TOKEN_RESPONSE_BYTES = 128 * 1024;
/** Lifetime assumed when a token response has no `expires_in` (token spec: 60 seconds). */
const DEFAULT_TOKEN_SECONDS = 60;
/** Client id sent with OAuth2 token requests (token spec "Refresh token format"). */
const CLIENT_ID = 'oci-model-action';
/** Authenticator holds the auth state of one registry: its scheme, credential and tokens. */
class Authenticator {
    opts;
    hostScheme;
    credential;
    tokens = [];
    inflight = new Map();
    /** Token fetches made so far (for logs and tests). */
    tokenFetches = 0;
    constructor(opts) {
        this.opts = opts;
    }
    /**
     * Learns the scheme from challenges (ping or a 401). Bearer is preferred when both are offered.
     * Returns the scopes the challenge itself asks for (a Bearer `scope` parameter), if any.
     */
    learn(challenges) {
        const parsed = parseChallenges(challenges);
        const bearer = parsed.find(c => c.scheme === 'bearer' && c.params.realm);
        if (bearer) {
            this.hostScheme = {
                scheme: 'bearer',
                realm: bearer.params.realm,
                service: bearer.params.service
            };
            return bearer.params.scope ? bearer.params.scope.split(' ').filter(Boolean) : [];
        }
        if (parsed.some(c => c.scheme === 'basic'))
            this.hostScheme = { scheme: 'basic' };
        return [];
    }
    /**
     * The `Authorization` value for a request needing `scopes`, known before any 401: Basic once the
     * registry asked for Basic, a (cached or new) token once it asked for Bearer, else nothing.
     */
    async authorization(scopes) {
        const hs = this.hostScheme;
        if (!hs)
            return undefined;
        const cred = await this.getCredential();
        if (hs.scheme === 'basic')
            return basicHeader(cred, this.opts.onSecret);
        if (cred?.registryToken) {
            this.opts.onSecret?.(cred.registryToken);
            return `Bearer ${cred.registryToken}`;
        }
        const wanted = parseScopes(scopes);
        const now = this.now();
        this.tokens = this.tokens.filter(t => t.expiresAt > now);
        const hit = this.tokens.find(t => covers(t.scopes, wanted));
        if (hit)
            return hit.header;
        // Concurrent requests for the same scopes (parallel blob uploads) share one token fetch.
        const key = formatScopes(wanted).join(' ');
        let pending = this.inflight.get(key);
        if (!pending) {
            pending = this.fetchToken(hs, cred, wanted).finally(() => this.inflight.delete(key));
            this.inflight.set(key, pending);
        }
        return pending;
    }
    /**
     * Handles a 401: learns its challenge and decides whether sending again can help. It cannot when
     * the same credentials were already sent (Basic), when there is nothing to send, or when a token
     * covering the challenge's scopes was refused (the credential lacks access).
     */
    async retryAfterChallenge(challenges, scopes, sent) {
        const extra = this.learn(challenges);
        const all = formatScopes(parseScopes([...scopes, ...extra]));
        const hs = this.hostScheme;
        if (!hs)
            return { retry: false, scopes: all };
        const cred = await this.getCredential();
        if (hs.scheme === 'basic') {
            const header = basicHeader(cred, this.opts.onSecret);
            return { retry: header !== undefined && header !== sent, scopes: all };
        }
        if (cred?.registryToken)
            return { retry: sent !== `Bearer ${cred.registryToken}`, scopes: all };
        const refused = this.tokens.find(t => t.header === sent);
        this.tokens = this.tokens.filter(t => t.header !== sent);
        if (refused && covers(refused.scopes, parseScopes(all)))
            return { retry: false, scopes: all };
        return { retry: true, scopes: all };
    }
    /** A hint for a 401 that outlasted authentication: what to check about the credentials. */
    async unauthorizedHint() {
        const cred = await this.getCredential();
        const r = this.opts.registry;
        if (!cred) {
            return `no credentials were found for ${r}: pass username and password (or log in with docker/login-action)`;
        }
        return `authentication to ${r} failed: check the username and password (or token) for ${r}`;
    }
    getCredential() {
        this.credential ??= this.opts.credentials
            ? this.opts.credentials(this.opts.registry)
            : Promise.resolve(undefined);
        return this.credential;
    }
    now() {
        return (this.opts.now ?? Date.now)();
    }
    /**
     * Fetches a token (token spec "Requesting a Token", OAuth2 spec for refresh tokens). Redirects
     * are not followed: a token endpoint that redirects could send our credentials anywhere.
     */
    async fetchToken(hs, cred, wanted) {
        const scopes = formatScopes(wanted);
        let realm;
        try {
            realm = new URL(hs.realm);
        }
        catch {
            throw new oci_errors/* OciError */.Mf(`${this.opts.registry} sent an invalid token realm "${hs.realm.slice(0, 100)}"`);
        }
        const problem = realmProblem(realm, Boolean(cred));
        if (problem) {
            throw new oci_errors/* OciError */.Mf(`${this.opts.registry} sent the token realm ${(0,oci_errors/* redactUrl */.BO)(realm)}, which ${problem}; refusing to request a token there`);
        }
        const sink = this.opts.onSecret;
        let method = 'GET';
        const headers = { accept: 'application/json' };
        let body;
        if (cred?.identityToken) {
            sink?.(cred.identityToken);
            method = 'POST';
            const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: CLIENT_ID });
            if (hs.service)
                form.set('service', hs.service);
            if (scopes.length)
                form.set('scope', scopes.join(' '));
            form.set('refresh_token', cred.identityToken);
            body = Buffer.from(form.toString());
            headers['content-type'] = 'application/x-www-form-urlencoded';
        }
        else {
            if (hs.service)
                realm.searchParams.set('service', hs.service);
            for (const s of scopes)
                realm.searchParams.append('scope', s);
            const basic = basicHeader(cred, sink);
            if (basic) {
                headers.authorization = basic;
                realm.searchParams.set('account', cred?.username ?? '');
            }
        }
        this.tokenFetches++;
        this.opts.logger?.debug(`fetching a token for ${scopes.join(' ') || 'no scope'} from ${(0,oci_errors/* redactUrl */.BO)(realm)}`);
        const res = await sendWithRetry(this.opts.http, this.opts.retry, { method, url: realm, headers, ...(body ? { body: () => body } : {}) }, this.opts.logger ?? silentLogger);
        if (res.status !== 200) {
            if (res.status >= 300 && res.status < 400) {
                await discardBody(res);
                throw new oci_errors/* RegistryResponseError */.X1(method, (0,oci_errors/* redactUrl */.BO)(realm), res.status, [], 'the token service redirected; redirects are not followed for token requests');
            }
            // 401/403 from the token service map to UnauthorizedError/DeniedError with the same hint.
            throw await responseError(res, { method, authHint: await this.unauthorizedHint() });
        }
        const text = (await readLimited(res.body, MAX_TOKEN_RESPONSE_BYTES, 'token response')).toString('utf8');
        let doc;
        try {
            doc = JSON.parse(text);
        }
        catch {
            throw new oci_errors/* OciError */.Mf(`the token service of ${this.opts.registry} returned a response that is not JSON`);
        }
        const token = typeof doc.token === 'string' && doc.token ? doc.token : doc.access_token;
        if (typeof token !== 'string' || !token) {
            throw new oci_errors/* OciError */.Mf(`the token service of ${this.opts.registry} returned no token`);
        }
        sink?.(token);
        if (typeof doc.refresh_token === 'string' && doc.refresh_token)
            sink?.(doc.refresh_token);
        const seconds = typeof doc.expires_in === 'number' && doc.expires_in > 0
            ? doc.expires_in
            : DEFAULT_TOKEN_SECONDS;
        // Renew a little early so that a token does not expire between the check and the request.
        const margin = Math.min(10, seconds / 10);
        const header = `Bearer ${token}`;
        this.tokens.push({ header, scopes: wanted, expiresAt: this.now() + (seconds - margin) * 1000 });
        return header;
    }
}
/** `Basic base64(user:password)` for a credential with a password, else undefined. */
function basicHeader(cred, sink) {
    if (!cred?.password && !cred?.username)
        return undefined;
    const password = cred.password ?? '';
    if (password)
        sink?.(password);
    const encoded = Buffer.from(`${cred.username ?? ''}:${password}`).toString('base64');
    sink?.(encoded);
    return `Basic ${encoded}`;
}
/** Hosts of cloud metadata services, which must never receive a request from us. */
const METADATA_HOSTS = new Set([
    'metadata.google.internal',
    'metadata',
    '100.100.100.200',
    'fd00:ec2::254',
    'instance-data',
    'instance-data.ec2.internal'
]);
/**
 * Why a token realm must not be asked for a token, or undefined. A realm is chosen by the
 * registry's answer, so it is untrusted: it must be https (http only on loopback, where nothing
 * leaves the machine) when credentials go with the request, and never a link-local or cloud
 * metadata address (169.254.169.254 would hand an attacker the runner's cloud credentials).
 */
function realmProblem(realm, withCredentials) {
    if (realm.protocol !== 'https:' && realm.protocol !== 'http:')
        return 'is not http(s)';
    if (realm.username || realm.password)
        return 'carries credentials in the URL';
    const host = realm.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (METADATA_HOSTS.has(host))
        return 'is a cloud metadata service';
    if (/^169\.254\.\d+\.\d+$/.test(host) ||
        /^fe[89ab][0-9a-f]?:/i.test(host) ||
        /^::ffff:(a9fe:|169\.254\.)/i.test(host)) {
        return 'is a link-local address';
    }
    if (/^0+\.|^0+$/.test(host) || host === '::' || host === '0.0.0.0')
        return 'is an unspecified address';
    if (realm.protocol === 'http:' && withCredentials && !(0,oci_reference/* isLoopbackHost */.cW)(realm.host)) {
        return 'is plain http: credentials are only sent to a realm over https (or on loopback)';
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/oci/registry/content-range.ts
/**
 * Parsers of the byte-range headers the client reads: `Content-Range` of a 206 answer to a ranged
 * blob GET (RFC 9110 §14.4), and the `Range: 0-<end>` of an upload session's status (distribution
 * spec "end-13"; not RFC syntax: no unit, inclusive end). Both refuse anything malformed rather
 * than guess, so a confused server makes the client start over instead of skipping bytes.
 */
const DIGITS = /^\d{1,16}$/;
function num(s) {
    if (!DIGITS.test(s))
        return undefined;
    const n = Number(s);
    return Number.isSafeInteger(n) ? n : undefined;
}
/**
 * Parses a `Content-Range` of a satisfied range (`bytes 0-499/1234`, `bytes 5-9/*`). Returns
 * undefined for an absent, unsatisfied (`bytes *\/1234`) or malformed value, or one where
 * first > last or last ≥ complete.
 */
function parseContentRange(value) {
    if (value === undefined)
        return undefined;
    const m = /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(value);
    if (!m)
        return undefined;
    const first = num(m[1]);
    const last = num(m[2]);
    const complete = m[3] === '*' ? undefined : num(m[3]);
    if (first === undefined || last === undefined || first > last)
        return undefined;
    if (m[3] !== '*' && (complete === undefined || last >= complete))
        return undefined;
    return complete === undefined ? { first, last } : { first, last, complete };
}
/** Formats a ContentRange (the inverse of parseContentRange). */
function formatContentRange(r) {
    return `bytes ${r.first}-${r.last}/${r.complete ?? '*'}`;
}
/**
 * Parses an upload session's `Range: 0-<end>` (also accepted: a `bytes=` prefix, as some
 * registries send). Returns the inclusive end, or undefined when absent or malformed. The range
 * must start at 0: a session holds a prefix of the blob. Distribution answers `0-0` for an empty
 * session, so `0-0` is read as "nothing yet" (re-sending one byte is harmless).
 */
function parseUploadRange(value) {
    if (value === undefined)
        return undefined;
    const m = /^\s*(?:bytes=)?(\d+)-(\d+)\s*$/i.exec(value);
    if (!m)
        return undefined;
    const start = num(m[1]);
    const end = num(m[2]);
    if (start !== 0 || end === undefined)
        return undefined;
    return end === 0 ? { end: -1 } : { end };
}

;// CONCATENATED MODULE: ./src/oci/registry/urls.ts
/**
 * URL building for the distribution API (distribution spec "Endpoints"): every path the client
 * requests is made here, so that escaping and scheme handling live in one place.
 */
/** Base URL of a registry's API, e.g. `https://ghcr.io`. */
function registryBase(scheme, host) {
    return new URL(`${scheme}://${host}`);
}
/** `GET /v2/`: the API version check (spec "end-1"). */
function pingUrl(base) {
    return new URL('/v2/', base);
}
// A repository name is already validated by reference.ts (lowercase path components), so it is
// safe in a path as is; tags and digests are escaped anyway in case a caller passes something odd.
function repoPath(repository) {
    return repository
        .split('/')
        .map(c => encodeURIComponent(c))
        .join('/');
}
// Escapes a tag or digest for a path segment; ':' is legal in a segment and kept, so digests read
// as registries log and document them.
function segment(s) {
    return encodeURIComponent(s).replace(/%3A/gi, ':');
}
/** `/v2/<name>/blobs/<digest>` (spec "end-2"). */
function blobUrl(base, repository, digest) {
    return new URL(`/v2/${repoPath(repository)}/blobs/${segment(digest)}`, base);
}
/** `/v2/<name>/manifests/<reference>` where reference is a tag or a digest (spec "end-3"). */
function manifestUrl(base, repository, reference) {
    return new URL(`/v2/${repoPath(repository)}/manifests/${segment(reference)}`, base);
}
/** `/v2/<name>/tags/list[?n=<n>]` (spec "end-8a/8b"). */
function tagsUrl(base, repository, pageSize) {
    const u = new URL(`/v2/${repoPath(repository)}/tags/list`, base);
    if (pageSize !== undefined)
        u.searchParams.set('n', String(pageSize));
    return u;
}
/**
 * `/v2/<name>/blobs/uploads/` to open an upload session (spec "end-4a"), or with `mount` and `from`
 * to mount a blob from another repository of the same registry (spec "end-11").
 */
function uploadsUrl(base, repository, mount) {
    const u = new URL(`/v2/${repoPath(repository)}/blobs/uploads/`, base);
    if (mount) {
        u.searchParams.set('mount', mount.digest);
        u.searchParams.set('from', mount.from);
    }
    return u;
}
/**
 * Resolves a `Location` or `Link` target against the URL of the request that returned it: the
 * spec allows both absolute and relative locations (spec "Pushing a blob monolithically").
 */
function resolveLocation(location, requestUrl) {
    return new URL(location, requestUrl);
}
/**
 * Adds `digest=<digest>` to an upload location, keeping its opaque query (distribution puts its
 * upload state there, spec "end-6").
 */
function withDigest(location, digest) {
    const u = new URL(location);
    u.searchParams.set('digest', digest);
    return u;
}
/** True when two URLs point at the same origin (scheme, host and port). */
function sameOrigin(a, b) {
    return a.origin === b.origin;
}
/**
 * Parses an RFC 8288 `Link` header and returns the target of `rel="next"` (spec "end-8b":
 * tag list pagination), or undefined when there is none.
 */
function nextLink(header) {
    if (!header)
        return undefined;
    // Links are comma-separated, but a URL may itself contain commas inside <…>; split on "," that
    // follows ">" or a parameter, by scanning the <…> parts explicitly.
    const re = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
    for (let m = re.exec(header); m; m = re.exec(header)) {
        const params = m[2] ?? '';
        if (/;\s*rel\s*=\s*"?(?:[^";,]*\s)?next(?:\s[^";,]*)?"?/i.test(params))
            return m[1];
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/oci/registry/blobs.ts
/**
 * Blob operations (distribution spec "Pulling blobs", "Pushing blobs", "Mounting a blob from another
 * repository"): existence check, streaming download from an offset (following redirects to object
 * storage without credentials), opening and cancelling upload sessions (upload.ts uses them), and
 * cross-repository mount. Blobs are streamed, never buffered.
 */






const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;
/** True when the repository has the blob (HEAD; a redirect to storage also means it exists). */
async function blobExists(ctx, desc, scopes = [pullScope(ctx.repository)]) {
    const url = blobUrl(await ctx.client.base(), ctx.repository, desc.digest);
    const res = await ctx.client.request({ method: 'HEAD', url, scopes });
    await discardBody(res);
    if (res.status === 200 || REDIRECTS.has(res.status))
        return true;
    if (res.status === 404)
        return false;
    throw await ctx.client.fail(res, 'HEAD', {
        kind: 'blob',
        name: desc.digest,
        repository: ctx.name
    });
}
/**
 * Streams a blob's bytes from `offset`. Asks for `Range: bytes=<offset>-`; a server that answers
 * 200 with the whole blob is handled by dropping the first `offset` bytes here, so the caller always
 * gets bytes from `offset`. The bytes are not verified here: the store that receives them does.
 */
async function fetchBlob(ctx, desc, offset = 0) {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset > desc.size) {
        throw new oci_errors/* InvalidInputError */.oC(`offset ${offset} is outside blob ${desc.digest} of ${desc.size} bytes`);
    }
    if (offset === desc.size)
        return external_node_stream_.Readable.from([]);
    const headers = offset > 0 ? { range: `bytes=${offset}-` } : {};
    const { res, url } = await getBlob(ctx, desc, headers);
    if (res.status === 206 && offset > 0) {
        const range = parseContentRange(res.headers['content-range']);
        if (!range || range.first !== offset) {
            await discardBody(res);
            throw new oci_errors/* OciError */.Mf(`GET ${(0,oci_errors/* redactUrl */.BO)(url)} answered a range request for bytes from ${offset} with ${range ? `bytes from ${range.first}` : 'no valid Content-Range'}`);
        }
        return res.body;
    }
    if (res.status === 416 && offset > 0) {
        // A server that cannot serve the range: fetch the whole blob and drop what we have.
        await discardBody(res);
        return (0,external_node_stream_.pipeline)(await fetchBlob(ctx, desc, 0), skipBytes(offset), () => { });
    }
    if (res.status === 200) {
        if (offset === 0)
            return res.body;
        // pipeline (not pipe) so that a failure of the download reaches the consumer.
        return (0,external_node_stream_.pipeline)(res.body, skipBytes(offset), () => { });
    }
    throw await ctx.client.fail(res, 'GET', { kind: 'blob', name: desc.digest, repository: ctx.name });
}
/**
 * Streams bytes [start, end) of a blob (RFC 9110 §14.2 `Range: bytes=start-(end-1)`), or answers
 * undefined when the server does not serve ranges (a 200 with the whole blob, or a 416): the caller
 * then fetches it as one stream. A 206 must cover exactly the range asked for.
 */
async function fetchBlobRange(ctx, desc, start, end) {
    if (!Number.isSafeInteger(start) || start < 0 || end <= start || end > desc.size) {
        throw new oci_errors/* InvalidInputError */.oC(`range ${start}-${end} is outside blob ${desc.digest} of ${desc.size} bytes`);
    }
    const { res, url } = await getBlob(ctx, desc, { range: `bytes=${start}-${end - 1}` });
    if (res.status === 206) {
        const range = parseContentRange(res.headers['content-range']);
        if (range?.first !== start || range.last !== end - 1) {
            await discardBody(res);
            throw new oci_errors/* OciError */.Mf(`GET ${(0,oci_errors/* redactUrl */.BO)(url)} answered a request for bytes ${start}-${end - 1} with ${range ? `bytes ${range.first}-${range.last}` : 'no valid Content-Range'}`);
        }
        return res.body;
    }
    if (res.status === 200 || res.status === 416) {
        await discardBody(res);
        return undefined;
    }
    throw await ctx.client.fail(res, 'GET', { kind: 'blob', name: desc.digest, repository: ctx.name });
}
/** GET of a blob, following redirects (to object storage: the client sends no Authorization off the registry's origin). */
async function getBlob(ctx, desc, headers) {
    const scopes = [pullScope(ctx.repository)];
    let url = blobUrl(await ctx.client.base(), ctx.repository, desc.digest);
    for (let hop = 0;; hop++) {
        const res = await ctx.client.request({ method: 'GET', url, headers, scopes });
        if (!REDIRECTS.has(res.status))
            return { res, url };
        const location = res.headers.location;
        await discardBody(res);
        if (!location || hop >= MAX_REDIRECTS) {
            throw new oci_errors/* OciError */.Mf(`GET ${(0,oci_errors/* redactUrl */.BO)(url)} redirected ${location ? 'too often' : 'without a Location'}`);
        }
        url = resolveLocation(location, url);
    }
}
/** Drops the first `n` bytes of a stream (for servers that ignore Range). */
function skipBytes(n) {
    let left = n;
    return new external_node_stream_.Transform({
        transform(chunk, _enc, done) {
            if (left >= chunk.length) {
                left -= chunk.length;
                done();
                return;
            }
            const rest = left > 0 ? chunk.subarray(left) : chunk;
            left = 0;
            done(null, rest);
        }
    });
}
/**
 * Asks the registry to mount a blob from another repository (spec "end-11"): 201 means mounted; 202
 * means it opened an upload session instead, whose Location the caller can upload to.
 */
async function mountBlob(ctx, desc, from) {
    const url = uploadsUrl(await ctx.client.base(), ctx.repository, { digest: desc.digest, from });
    const scopes = [pushScope(ctx.repository), pullScope(from)];
    const res = await ctx.client.request({ method: 'POST', url, scopes });
    await discardBody(res);
    if (res.status === 201)
        return { mounted: true };
    if (res.status === 202 && res.headers.location) {
        return { mounted: false, location: resolveLocation(res.headers.location, url) };
    }
    throw await ctx.client.fail(res, 'POST', { kind: 'repository', repository: ctx.name });
}
/** Opens an upload session (spec "end-4a": POST → 202 with a Location, relative or absolute). */
async function startUpload(ctx) {
    const url = uploadsUrl(await ctx.client.base(), ctx.repository);
    const res = await ctx.client.request({ method: 'POST', url, scopes: [pushScope(ctx.repository)] });
    if (res.status === 202 && res.headers.location) {
        await discardBody(res);
        const min = Number(res.headers['oci-chunk-min-length']);
        return {
            location: resolveLocation(res.headers.location, url),
            ...(Number.isSafeInteger(min) && min > 0 ? { minChunkLength: min } : {})
        };
    }
    if (res.status === 202)
        throw new oci_errors/* OciError */.Mf(`POST ${(0,oci_errors/* redactUrl */.BO)(url)} returned 202 without a Location`);
    throw await ctx.client.fail(res, 'POST', { kind: 'repository', repository: ctx.name });
}
/** Cancels an upload session (spec "end-5": DELETE); best effort, failures are only logged. */
async function cancelUpload(ctx, location) {
    try {
        const res = await ctx.client.request({
            method: 'DELETE',
            url: location,
            scopes: [pushScope(ctx.repository)],
            retry: false
        });
        await discardBody(res);
    }
    catch (e) {
        ctx.client.opts.logger.debug(`cancelling upload ${(0,oci_errors/* redactUrl */.BO)(location)}: ${e.message}`);
    }
}

;// CONCATENATED MODULE: ./src/oci/registry/ping.ts
/**
 * `GET /v2/` (distribution spec "end-1"): learns which scheme the registry speaks and how it wants
 * to be authenticated, before the first real request.
 */





/**
 * True for failures that mean "this port does not speak TLS" (or speaks it with a certificate we
 * cannot verify): after them, a loopback registry is tried again over http, as docker does.
 */
function isTlsFailure(e) {
    const code = errorCode(e) ?? '';
    const message = e instanceof Error
        ? `${e.message} ${String(e.cause?.message ?? '')}`
        : '';
    return (code.startsWith('ERR_SSL') ||
        code.startsWith('ERR_TLS') ||
        code === 'EPROTO' ||
        code === 'ECONNRESET' ||
        code === 'UND_ERR_SOCKET' ||
        code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
        code === 'SELF_SIGNED_CERT_IN_CHAIN' ||
        code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
        /SSL|TLS|wrong version number/i.test(message));
}
/**
 * Pings the registry at `host`. Https is the default; `plainHttp` uses http; a loopback host is
 * tried over https first and then over http when TLS fails (docker's rule for localhost).
 */
async function ping(host, opts) {
    if (opts.plainHttp)
        return pingOnce('http', host, opts);
    if (!(0,oci_reference/* isLoopbackHost */.cW)(host))
        return pingOnce('https', host, opts);
    try {
        // One attempt only: a plain-http port fails the TLS handshake every time, and the fallback
        // should not wait for retries first.
        return await pingOnce('https', host, { ...opts, retry: { ...opts.retry, maxAttempts: 1 } });
    }
    catch (e) {
        if (!isTlsFailure(e))
            throw e;
        opts.logger.debug(`https to ${host} failed (${errorCode(e) ?? e.message}); trying http`);
        return pingOnce('http', host, opts);
    }
}
async function pingOnce(scheme, host, opts) {
    const base = registryBase(scheme, host);
    const url = pingUrl(base);
    let res;
    try {
        res = await sendWithRetry(opts.http, opts.retry, { method: 'GET', url }, opts.logger);
    }
    catch (e) {
        if (scheme === 'https' && (0,oci_reference/* isLoopbackHost */.cW)(host) && isTlsFailure(e))
            throw e;
        throw new oci_errors/* OciError */.Mf(`cannot reach the registry at ${(0,oci_errors/* redactUrl */.BO)(url)}: ${e.message}`, {
            cause: e
        });
    }
    await discardBody(res);
    if (res.status === 200 || res.status === 401) {
        return { base, status: res.status, challenges: res.challenges };
    }
    throw new oci_errors/* RegistryResponseError */.X1('GET', (0,oci_errors/* redactUrl */.BO)(url), res.status, [], res.status === 404
        ? `${host} does not serve the registry API v2 at /v2/`
        : 'the registry did not answer the API version check');
}

;// CONCATENATED MODULE: ./src/oci/registry/client.ts




/** RegistryClient sends authenticated, retried requests to one registry. */
class RegistryClient {
    opts;
    pinged;
    constructor(opts) {
        this.opts = opts;
    }
    /** The registry's base URL, after a first ping (shared by concurrent callers, remembered). */
    async base() {
        this.pinged ??= ping(this.opts.host, this.opts).then(r => {
            if (r.status === 401)
                this.opts.auth.learn(r.challenges);
            return r;
        });
        try {
            return (await this.pinged).base;
        }
        catch (e) {
            this.pinged = undefined; // a failed ping is tried again by the next request
            throw e;
        }
    }
    /** True when `url` is on the registry's own origin (where credentials may go). */
    async isRegistryOrigin(url) {
        return url.origin === (await this.base()).origin;
    }
    /**
     * Sends a request. On the registry's origin it carries the Authorization the auth layer knows
     * up front; a 401 is answered once by authenticating for its challenge and sending again.
     */
    async request(req) {
        const own = await this.isRegistryOrigin(req.url);
        if (!own)
            return this.send(req, undefined);
        const auth = this.opts.auth;
        const sent = await auth.authorization(req.scopes);
        const res = await this.send(req, sent);
        if (res.status !== 401 || res.challenges.length === 0)
            return res;
        const next = await auth.retryAfterChallenge(res.challenges, req.scopes, sent);
        if (!next.retry)
            return res;
        await discardBody(res);
        const again = await auth.authorization(next.scopes);
        return this.send(req, again);
    }
    /** Maps a response the caller did not expect to an error (404 names `subject`). */
    async fail(res, method, subject) {
        return responseError(res, {
            method,
            ...(subject ? { subject } : {}),
            authHint: await this.opts.auth.unauthorizedHint()
        });
    }
    send(req, authorization) {
        const headers = { ...req.headers };
        if (authorization)
            headers.authorization = authorization;
        const one = {
            method: req.method,
            url: req.url,
            headers,
            ...(req.body ? { body: req.body } : {}),
            ...(req.wait ? { wait: req.wait } : {})
        };
        const policy = req.retry === false ? { ...this.opts.retry, maxAttempts: 1 } : this.opts.retry;
        return sendWithRetry(this.opts.http, policy, one, this.opts.logger).then(res => {
            this.opts.logger.debug(`${req.method} ${res.url.origin}${res.url.pathname} → ${res.status}`);
            return res;
        });
    }
}

;// CONCATENATED MODULE: ./src/oci/registry/manifests.ts
/**
 * Manifest operations (distribution spec "Pulling manifests", "Pushing Manifests"): resolve a tag
 * or digest to a descriptor, fetch bytes (capped, verified), check existence, and put by digest or
 * tag. Every manifest kind of media-types.ts is offered in `Accept`.
 */








/** `Accept` for manifest requests: every kind the client reads. */
const MANIFEST_ACCEPT = media_types/* MANIFEST_MEDIA_TYPES */.$T.join(', ');
function subjectOf(ctx, reference) {
    return { kind: (0,oci_digest/* isDigest */.Bc)(reference) ? 'manifest' : 'tag', name: reference, repository: ctx.name };
}
/** Media type of a response, without parameters (`; charset=…`). */
function mediaTypeOf(contentType) {
    const t = contentType?.split(';')[0]?.trim();
    return t || undefined;
}
/**
 * Resolves a tag or digest to a descriptor with HEAD (Docker-Content-Digest, Content-Type,
 * Content-Length). A registry whose HEAD lacks the digest is asked with GET, and the digest computed.
 */
async function resolveManifest(ctx, reference, scopes = [pullScope(ctx.repository)]) {
    const res = await headManifest(ctx, reference, scopes);
    if (res.status !== 200)
        throw await ctx.client.fail(res, 'HEAD', subjectOf(ctx, reference));
    const digest = res.headers['docker-content-digest'];
    const mediaType = mediaTypeOf(res.headers['content-type']);
    const size = Number(res.headers['content-length']);
    if (digest && (0,oci_digest/* isDigest */.Bc)(digest) && mediaType && Number.isSafeInteger(size) && size > 0) {
        if ((0,oci_digest/* isDigest */.Bc)(reference) && digest !== reference) {
            throw new oci_errors/* DigestMismatchError */.h(reference, digest, `manifest in ${ctx.name}`);
        }
        return { mediaType, digest, size };
    }
    return (await manifests_fetchManifest(ctx, reference, scopes)).descriptor;
}
/**
 * Fetches a manifest's bytes (at most MAX_MANIFEST_BYTES). A manifest asked for by digest is
 * verified against it; one asked for by tag is named by the digest of the bytes received.
 */
async function manifests_fetchManifest(ctx, reference, scopes = [pullScope(ctx.repository)]) {
    const url = manifestUrl(await ctx.client.base(), ctx.repository, reference);
    const res = await ctx.client.request({
        method: 'GET',
        url,
        headers: { accept: MANIFEST_ACCEPT },
        scopes
    });
    if (res.status !== 200)
        throw await ctx.client.fail(res, 'GET', subjectOf(ctx, reference));
    const declared = Number(res.headers['content-length']);
    if (Number.isSafeInteger(declared) && declared > MAX_MANIFEST_BYTES) {
        res.body.destroy();
        throw new oci_errors/* ManifestInvalidError */.Vb(`manifest ${reference} in ${ctx.name} is ${declared} bytes, over the ${MAX_MANIFEST_BYTES}-byte limit`);
    }
    const bytes = await readLimited(res.body, MAX_MANIFEST_BYTES, `manifest ${reference} in ${ctx.name}`);
    const mediaType = mediaTypeOf(res.headers['content-type']);
    if (!mediaType)
        throw new oci_errors/* OciError */.Mf(`manifest ${reference} in ${ctx.name} came without a Content-Type`);
    let digest;
    if ((0,oci_digest/* isDigest */.Bc)(reference)) {
        (0,oci_digest/* verifyBytes */.RV)(bytes, reference, undefined, `manifest in ${ctx.name}`);
        digest = reference;
    }
    else {
        digest = (0,oci_digest/* digestBytes */.QN)(bytes);
    }
    return { bytes, descriptor: { mediaType, digest, size: bytes.length } };
}
/** True when the repository has the manifest (HEAD by digest). */
async function manifestExists(ctx, desc, scopes = [pullScope(ctx.repository)]) {
    const res = await headManifest(ctx, desc.digest, scopes);
    if (res.status === 200)
        return true;
    if (res.status === 404)
        return false;
    throw await ctx.client.fail(res, 'HEAD', subjectOf(ctx, desc.digest));
}
/**
 * Puts manifest bytes under a digest or a tag (spec "end-7"), with Content-Type = the descriptor's
 * media type. The bytes must hash to the descriptor, and the registry's Docker-Content-Digest (when
 * sent) must agree.
 */
async function putManifest(ctx, desc, bytes, reference = desc.digest) {
    (0,oci_digest/* verifyBytes */.RV)(bytes, desc.digest, desc.size, 'manifest');
    const url = manifestUrl(await ctx.client.base(), ctx.repository, reference);
    const body = Buffer.from(bytes);
    const res = await ctx.client.request({
        method: 'PUT',
        url,
        headers: { 'content-type': desc.mediaType, 'content-length': String(body.length) },
        body: () => body,
        scopes: [pushScope(ctx.repository)]
    });
    if (res.status !== 201 && res.status !== 200 && res.status !== 204) {
        throw await ctx.client.fail(res, 'PUT', { kind: 'repository', repository: ctx.name });
    }
    await discardBody(res);
    const stored = res.headers['docker-content-digest'];
    // Compared only for the same algorithm: a registry may name content by its own (sha256) digest.
    if (stored && (0,oci_digest/* isDigest */.Bc)(stored) && sameAlgorithm(stored, desc.digest) && stored !== desc.digest) {
        throw new oci_errors/* DigestMismatchError */.h(desc.digest, stored, `manifest stored in ${ctx.name}`);
    }
}
function sameAlgorithm(a, b) {
    return a.split(':')[0] === b.split(':')[0];
}
/** HEAD of a manifest by tag or digest, with every manifest type accepted; the body is discarded. */
async function headManifest(ctx, reference, scopes) {
    const url = manifestUrl(await ctx.client.base(), ctx.repository, reference);
    const res = await ctx.client.request({
        method: 'HEAD',
        url,
        headers: { accept: MANIFEST_ACCEPT },
        scopes
    });
    await discardBody(res);
    return res;
}

;// CONCATENATED MODULE: ./src/oci/registry/tags.ts
/**
 * Tag listing (distribution spec "Listing Tags", end-8a/8b): `GET /v2/<name>/tags/list?n=<n>`,
 * following `Link: <…>; rel="next"` until the last page. Registries that ignore `n` (distribution
 * 2.8 does) answer with every tag on one page, which is handled the same way.
 */




/** Tags asked for per page. */
const DEFAULT_TAG_PAGE_SIZE = 1000;
/** One page of the tag list is read up to this size. */
const MAX_TAG_PAGE_BYTES = 8 * 1024 * 1024;
/** A listing stops with an error after this many pages (a server that links in circles). */
const MAX_PAGES = 10_000;
/** Lists every tag of the repository, in the order the registry returns them. */
async function listTags(ctx, pageSize = DEFAULT_TAG_PAGE_SIZE) {
    const scopes = [pullScope(ctx.repository)];
    const tags = [];
    const seen = new Set();
    let url = tagsUrl(await ctx.client.base(), ctx.repository, pageSize);
    for (let page = 0; url; page++) {
        if (page >= MAX_PAGES || seen.has(url.href)) {
            throw new oci_errors/* OciError */.Mf(`the tag list of ${ctx.name} does not end (page ${page}: ${(0,oci_errors/* redactUrl */.BO)(url)})`);
        }
        seen.add(url.href);
        const res = await ctx.client.request({
            method: 'GET',
            url,
            headers: { accept: 'application/json' },
            scopes
        });
        if (res.status !== 200) {
            throw await ctx.client.fail(res, 'GET', { kind: 'repository', repository: ctx.name });
        }
        const link = nextLink(res.headers.link);
        const text = (await readLimited(res.body, MAX_TAG_PAGE_BYTES, `tag list of ${ctx.name}`)).toString('utf8');
        tags.push(...parseTagPage(text, ctx.name));
        url = link ? resolveLocation(link, url) : undefined;
    }
    return tags;
}
/** Parses one page: `{"name": "...", "tags": [...]}`; `tags` may be null for an empty repository. */
function parseTagPage(text, name) {
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch {
        throw new oci_errors/* OciError */.Mf(`the tag list of ${name} is not JSON`);
    }
    const tags = doc?.tags;
    if (tags === null || tags === undefined)
        return [];
    if (!Array.isArray(tags) || !tags.every(t => typeof t === 'string')) {
        throw new oci_errors/* OciError */.Mf(`the tag list of ${name} has no array of tag names`);
    }
    return tags;
}

;// CONCATENATED MODULE: ./src/oci/registry/upload.ts
/**
 * Blob upload as a small state machine (distribution spec "Pushing blobs"), in named steps:
 * start (POST) → monolithic PUT, or a PATCH loop → status (GET, resume from `Range`) → finish
 * (PUT `?digest=`) → cancel (DELETE). Small blobs go in one streamed PUT; large ones in chunks, so a
 * fault costs at most the chunk in flight. Registries differ, and the client learns instead of
 * naming hosts: a chunk refused as too large (416) is shrunk, a registry that refuses chunked
 * uploads gets a streamed PUT, and both are remembered per registry for the rest of the run.
 */








const MiB = 1024 * 1024;
/** The default upload options (a fresh object each time). */
function defaultUploadOptions() {
    return { chunkThreshold: 64 * MiB, chunkSize: 64 * MiB, minChunkSize: 1 * MiB };
}
/**
 * Documented limits that cannot be learned without wasting an upload. GHCR: a layer is at most
 * 10 GB, and an upload session lasts at most 10 minutes.
 */
const KNOWN_LIMITS = {
    'ghcr.io': {
        maxBlobBytes: 10 * 1000 ** 3,
        note: 'GHCR refuses layers over 10 GB and ends an upload after 10 minutes; split the file into shards (e.g. safetensors shards of a few GB)'
    }
};
const learned = new Map();
/** What this run learned about `host`'s uploads (shared by every target on the host). */
function uploadMemory(host) {
    let m = learned.get(host);
    if (!m)
        learned.set(host, (m = { monolithicOnly: false }));
    return m;
}
/** Forgets what was learned (tests). */
function forgetUploadMemory() {
    learned.clear();
}
/**
 * Uploads a blob: checks its size against the registry's limit, then a streamed PUT or chunks.
 * `location` reuses a session already opened (e.g. by a mount that answered 202).
 */
async function uploadBlob(ctx, settings, desc, open, location) {
    checkBlobSize(settings, desc);
    const { options, memory } = settings;
    const stats = { bytesSent: 0, mode: 'monolithic', sessions: 0 };
    if (desc.size >= options.chunkThreshold && !memory.monolithicOnly) {
        stats.mode = 'chunked';
        const done = await uploadChunked(ctx, settings, desc, open, stats, location);
        if (done)
            return stats;
        // The registry refused chunks: remembered, and this blob goes in one PUT.
        stats.mode = 'monolithic';
        location = undefined;
    }
    await uploadMonolithic(ctx, desc, open, stats, location);
    return stats;
}
/** Fails, before any request, for a blob over the registry's size limit (see UploadOptions). */
function checkBlobSize(settings, desc) {
    const known = KNOWN_LIMITS[settings.registry];
    const max = settings.options.maxBlobBytes ?? known?.maxBlobBytes;
    if (max !== undefined && desc.size > max) {
        throw new oci_errors/* InvalidInputError */.oC(`blob ${desc.digest} is ${desc.size} bytes, over the ${max}-byte limit of ${settings.registry}` +
            (known ? `: ${known.note}` : ''));
    }
}
/**
 * Monolithic upload (spec "end-6": PUT <location>?digest= with the whole body). A PUT that broke
 * midway leaves the session in an unknown state, so a retry opens a new session and sends the
 * content again from its opener.
 */
async function uploadMonolithic(ctx, desc, open, stats, location) {
    const client = ctx.client;
    let pending = location;
    let furthest = 0;
    await withRetry(client.opts.retry, `upload of ${desc.digest} to ${ctx.name}`, async () => {
        const session = pending ?? (await startUpload(ctx)).location;
        pending = undefined;
        stats.sessions++;
        let sent = 0;
        let res;
        try {
            res = await client.request({
                method: 'PUT',
                url: withDigest(session, desc.digest),
                headers: {
                    'content-type': 'application/octet-stream',
                    'content-length': String(desc.size)
                },
                body: async () => counted(await open(0), n => {
                    sent += n;
                    stats.bytesSent += n;
                    furthest = Math.max(furthest, sent);
                }),
                scopes: [pushScope(ctx.repository)],
                retry: false
            });
        }
        catch (e) {
            await cancelUpload(ctx, session);
            throw e;
        }
        if (res.status !== 201 && res.status !== 204) {
            const err = await client.fail(res, 'PUT', { kind: 'upload', repository: ctx.name });
            await cancelUpload(ctx, session);
            throw err;
        }
        await discardBody(res);
        checkStored(ctx, desc, res);
        return { done: undefined };
    }, client.opts.logger, { progress: () => furthest });
}
/** Statuses of a first PATCH that mean "this registry does not take chunked uploads". */
const CHUNKS_REFUSED = new Set([400, 405, 411, 413, 415, 501]);
/**
 * Chunked upload (spec "end-5" PATCH with `Content-Range: <start>-<end>`, "end-13" status). Each
 * PATCH re-opens the content at its offset. After a fault the session is asked how far it got
 * and the upload goes on from there; a session that is gone (404) is replaced by a new one. Returns
 * false when the registry refuses chunks, so the caller falls back to one PUT.
 */
async function uploadChunked(ctx, settings, desc, open, stats, location) {
    const client = ctx.client;
    const { options, memory } = settings;
    const log = client.opts.logger;
    let session = location;
    let minChunk = 0;
    let offset = 0;
    let confirmed = 0;
    let refused = false;
    const begin = async () => {
        if (stats.sessions > client.opts.retry.maxAttempts) {
            throw new oci_errors/* OciError */.Mf(`upload of ${desc.digest} to ${ctx.name}: the registry dropped ${stats.sessions} upload sessions; giving up`);
        }
        const started = await startUpload(ctx);
        stats.sessions++;
        minChunk = started.minChunkLength ?? 0;
        offset = 0;
        return started.location;
    };
    const chunkLength = () => {
        const cap = Math.min(options.chunkSize, memory.maxChunk ?? Infinity);
        const len = Math.max(cap, minChunk);
        return Math.min(len, desc.size - offset);
    };
    // The status step: how far the session got (spec "end-13": 204 with `Range: 0-<end>`).
    const resync = async (url) => {
        const res = await client.request({
            method: 'GET',
            url,
            scopes: [pushScope(ctx.repository)]
        });
        await discardBody(res);
        if (res.status === 204 || res.status === 202) {
            const range = parseUploadRange(res.headers.range);
            offset = range ? range.end + 1 : 0;
            if (offset > desc.size)
                offset = 0;
            log.debug(`upload of ${desc.digest}: the session has ${offset} bytes; resuming there`);
            return res.headers.location ? resolveLocation(res.headers.location, url) : url;
        }
        log.debug(`upload of ${desc.digest}: the session answered ${res.status}; starting a new one`);
        return undefined;
    };
    const run = withRetry(client.opts.retry, `chunked upload of ${desc.digest} to ${ctx.name}`, async (n) => {
        if (n > 1 && session)
            session = await resync(session);
        session ??= await begin();
        while (offset < desc.size) {
            const len = chunkLength();
            const start = offset;
            const url = session;
            let res;
            try {
                res = await client.request({
                    method: 'PATCH',
                    url,
                    headers: {
                        'content-type': 'application/octet-stream',
                        'content-length': String(len),
                        'content-range': `${start}-${start + len - 1}`
                    },
                    body: async () => counted(take(await open(start), len), m => (stats.bytesSent += m)),
                    scopes: [pushScope(ctx.repository)],
                    retry: false,
                    // A chunk is stored as it arrives: its answer is quick, and a silent server after the
                    // last byte is a stalled connection, not a registry at work.
                    wait: 'idle'
                });
            }
            catch (e) {
                if (!isRetryableError(client.opts.retry, e))
                    await cancelUpload(ctx, url);
                throw e;
            }
            if (res.status === 202 || res.status === 201 || res.status === 204) {
                // 201 to a PATCH (ECR) also means "accepted"; the session goes on at its Location.
                await discardBody(res);
                const range = parseUploadRange(res.headers.range);
                offset = range ? range.end + 1 : start + len;
                if (offset <= start || offset > desc.size)
                    offset = start + len;
                confirmed = Math.max(confirmed, offset);
                if (res.headers.location)
                    session = resolveLocation(res.headers.location, url);
                continue;
            }
            if (res.status === 416 && len > options.minChunkSize && len > minChunk) {
                // GHCR refuses PATCH bodies over 4 MiB with 416: shrink (straight to 4 MiB from above),
                // remember for the run, and ask the session where it stands.
                await discardBody(res);
                memory.maxChunk = Math.max(options.minChunkSize, len > 4 * MiB ? 4 * MiB : len / 2);
                log.info(`${settings.registry} refused a ${len}-byte chunk (416); sending chunks of at most ${memory.maxChunk} bytes`);
                session = await resync(url);
                session ??= await begin();
                continue;
            }
            if (res.status === 404 && start > 0) {
                // The session expired or was dropped (GHCR ends sessions after 10 minutes).
                await discardBody(res);
                log.info(`upload of ${desc.digest}: the registry dropped the session; starting again`);
                session = await begin();
                continue;
            }
            if (start === 0 && (CHUNKS_REFUSED.has(res.status) || res.status === 416)) {
                await discardBody(res);
                await cancelUpload(ctx, url);
                memory.monolithicOnly = true;
                log.info(`${settings.registry} refused a chunked upload (${res.status}); uploading in one request for the rest of the run`);
                refused = true;
                return { done: undefined };
            }
            const err = await client.fail(res, 'PATCH', { kind: 'upload', repository: ctx.name });
            if (!isRetryableError(client.opts.retry, err))
                await cancelUpload(ctx, url);
            throw err;
        }
        await finish(ctx, desc, session);
        return { done: undefined };
    }, log, { progress: () => confirmed });
    try {
        await run;
    }
    catch (e) {
        // Out of attempts: the session is of no more use; free the registry's storage for it.
        if (session)
            await cancelUpload(ctx, session);
        throw e;
    }
    return !refused;
}
/** The finish step (spec "end-7": PUT `<location>?digest=` with no body → 201). */
async function finish(ctx, desc, session) {
    const client = ctx.client;
    const res = await client.request({
        method: 'PUT',
        url: withDigest(session, desc.digest),
        headers: { 'content-type': 'application/octet-stream', 'content-length': '0' },
        scopes: [pushScope(ctx.repository)],
        // The registry verifies and moves the whole blob before it answers.
        wait: 'finish'
    });
    if (res.status === 201 || res.status === 204) {
        await discardBody(res);
        checkStored(ctx, desc, res);
        return;
    }
    throw await client.fail(res, 'PUT', { kind: 'upload', repository: ctx.name });
}
function checkStored(ctx, desc, res) {
    const stored = res.headers['docker-content-digest'];
    if (stored && stored !== desc.digest) {
        throw new oci_errors/* DigestMismatchError */.h(desc.digest, stored, `blob uploaded to ${ctx.name}`);
    }
}
/** Passes the first `n` bytes of `source` and ends; the source is destroyed after them. */
function take(source, n) {
    let left = n;
    const out = new external_node_stream_.Transform({
        transform(chunk, _e, done) {
            if (left <= 0)
                return done();
            const part = chunk.length > left ? chunk.subarray(0, left) : chunk;
            left -= part.length;
            this.push(part);
            if (left === 0) {
                this.push(null);
                source.unpipe(this);
                source.destroy();
            }
            done();
        },
        flush(done) {
            done(left > 0 ? new oci_errors/* OciError */.Mf(`content ended ${left} bytes early`) : null);
        }
    });
    source.on('error', e => out.destroy(e));
    return source.pipe(out);
}
/** Counts the bytes of a request body as they are read by the network. */
function counted(source, add) {
    const out = new external_node_stream_.Transform({
        transform(chunk, _e, done) {
            add(chunk.length);
            done(null, chunk);
        }
    });
    source.on('error', e => out.destroy(e));
    out.on('close', () => source.destroy());
    return source.pipe(out);
}

;// CONCATENATED MODULE: ./src/oci/registry/registry-target.ts
/**
 * RegistryTarget: the Target of one repository on a registry, over HTTP. It composes the layers
 * (http → retry → auth → client) and the operation modules (blobs, manifests, tags); it decides
 * only which operation a descriptor needs and which token scopes to ask for.
 */

















/**
 * RegistryTarget reads and writes one repository of an OCI registry (distribution spec). Writes ask
 * for `pull,push` up front (exists, push, tag, mount are only called on a destination), so a whole
 * push is served by one token; reads reuse any cached token that covers `pull`.
 */
class RegistryTarget {
    options;
    /** `registry/repository`, e.g. `ghcr.io/acme/models/sentiment`. */
    name;
    /** The canonical registry name (`docker.io` for Docker Hub), as mounts compare it. */
    registryHost;
    mountSource;
    http;
    auth;
    ctx;
    tagPageSize;
    upload;
    /** Upload sessions opened by a mount that answered 202, used by the next push of that blob. */
    pendingUploads = new Map();
    constructor(options) {
        this.options = options;
        const ref = options.reference;
        const logger = options.logger ?? silentLogger;
        const retry = retryPolicy(options.retry);
        this.http = new HttpClient({
            ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
            ...(options.userAgent ? { userAgent: options.userAgent } : {}),
            ...(options.idleTimeoutMs ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
            ...(options.finishTimeoutMs ? { finishTimeoutMs: options.finishTimeoutMs } : {})
        });
        this.auth = new Authenticator({
            registry: ref.registry,
            http: this.http,
            retry,
            logger,
            ...(options.credentials ? { credentials: options.credentials } : {}),
            ...(options.onSecret ? { onSecret: options.onSecret } : {})
        });
        const client = new RegistryClient({
            host: (0,oci_reference/* apiHost */.nz)(ref.registry),
            http: this.http,
            retry,
            auth: this.auth,
            logger,
            plainHttp: options.plainHttp ?? false
        });
        this.name = (0,oci_reference/* formatReference */.FH)({ registry: ref.registry, repository: ref.repository });
        this.registryHost = ref.registry;
        this.mountSource = { registryHost: ref.registry, repository: ref.repository };
        this.ctx = { client, repository: ref.repository, name: this.name };
        this.tagPageSize = options.tagPageSize ?? DEFAULT_TAG_PAGE_SIZE;
        this.upload = {
            options: { ...defaultUploadOptions(), ...options.upload },
            memory: uploadMemory((0,oci_reference/* apiHost */.nz)(ref.registry)),
            registry: ref.registry
        };
    }
    /** Token requests made so far (one per scope set, while tokens last). */
    get tokenFetches() {
        return this.auth.tokenFetches;
    }
    /**
     * Checks that the registry answers the API (GET /v2/) and returns the base URL it is spoken to at,
     * e.g. `http://127.0.0.1:5000` after a loopback registry refused TLS.
     */
    async ping() {
        return (await this.ctx.client.base()).origin;
    }
    /** Resolves a tag or digest of this repository to the manifest's descriptor. */
    async resolve(reference) {
        if (!(0,oci_digest/* isDigest */.Bc)(reference) && !(0,oci_reference/* isValidTag */.r_)(reference)) {
            throw new oci_errors/* InvalidInputError */.oC(`"${reference.slice(0, 140)}" is neither a tag nor a digest`);
        }
        const scope = this.options.forWriting ? pushScope : pullScope;
        return resolveManifest(this.ctx, reference, [scope(this.ctx.repository)]);
    }
    /** Streams a blob from `offset`, or a manifest's verified bytes. */
    async fetch(desc, offset = 0) {
        if (!(0,media_types/* isManifestMediaType */.CM)(desc.mediaType))
            return fetchBlob(this.ctx, desc, offset);
        const { bytes } = await manifests_fetchManifest(this.ctx, desc.digest);
        return external_node_stream_.Readable.from([bytes.subarray(offset)]);
    }
    /** Streams bytes [start, end) of a blob; undefined when the registry does not serve ranges. */
    async fetchRange(desc, start, end) {
        return fetchBlobRange(this.ctx, desc, start, end);
    }
    /** True when the repository has the blob or manifest. */
    async exists(desc) {
        const scopes = [pushScope(this.ctx.repository)];
        return (0,media_types/* isManifestMediaType */.CM)(desc.mediaType)
            ? manifestExists(this.ctx, desc, scopes)
            : blobExists(this.ctx, desc, scopes);
    }
    /**
     * Pushes a blob or a manifest (by digest). Content the repository already has is never sent
     * again ('existed'); otherwise it is uploaded from `open` ('uploaded').
     */
    async push(desc, open) {
        if (!(0,media_types/* isManifestMediaType */.CM)(desc.mediaType))
            checkBlobSize(this.upload, desc);
        if (await this.exists(desc))
            return 'existed';
        if ((0,media_types/* isManifestMediaType */.CM)(desc.mediaType)) {
            const bytes = await readLimited(await open(0), MAX_MANIFEST_BYTES, `manifest ${desc.digest}`);
            await putManifest(this.ctx, desc, bytes);
            return 'uploaded';
        }
        const session = this.pendingUploads.get(desc.digest);
        this.pendingUploads.delete(desc.digest);
        const stats = await uploadBlob(this.ctx, this.upload, desc, open, session);
        this.options.onUpload?.(desc, stats);
        return 'uploaded';
    }
    /** Points `tag` at the manifest: PUT of its bytes under the tag. */
    async tag(desc, tag, manifest) {
        if (!(0,oci_reference/* isValidTag */.r_)(tag)) {
            throw new oci_errors/* InvalidInputError */.oC(`invalid tag "${tag.slice(0, 140)}": a tag is 1 to 128 characters of letters, digits, _, . and -`);
        }
        await putManifest(this.ctx, desc, manifest, tag);
    }
    /** Every tag of the repository. */
    async tags() {
        return listTags(this.ctx, this.tagPageSize);
    }
    /**
     * Mounts a blob from another repository of this registry. True when mounted; false when the
     * registry opened an upload instead (kept for the following push of the same blob).
     */
    async mount(desc, fromRepository) {
        const result = await mountBlob(this.ctx, desc, fromRepository);
        if (result.mounted)
            return true;
        this.pendingUploads.set(desc.digest, result.location);
        return false;
    }
    /** Closes the connections this target opened (an injected dispatcher is left open). */
    async close() {
        await this.http.close();
    }
}

;// CONCATENATED MODULE: ./src/oci/registry/index.ts
/** The registry Target over HTTP: what the rest of the action needs from src/oci/registry. */





// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(8474);
;// CONCATENATED MODULE: ./src/oci/resume.ts
/**
 * The one resume loop of downloads: a source that fails midway is re-opened where the bytes already
 * accepted end, a bounded number of times in a row without progress. Requests themselves are retried
 * by the registry client's policy (registry/retry.ts); this loop covers what no single request can,
 * a body cut off after its headers. Used by the stream pump of verified-write.ts and by each range
 * of a parallel download (fill-file.ts).
 */


/** Default number of times a failed source is re-opened to resume a transfer. */
const DEFAULT_MAX_RESUMES = 3;
/**
 * Runs `attempt` until it succeeds. A failure is final when `fatal()` says so, when it is a digest
 * mismatch or a cancellation, or after `maxResumes` attempts in a row that moved nothing; else it is
 * logged and `attempt` runs again (it re-opens its source at `position()`).
 */
async function withResume(attempt, opts) {
    const maxResumes = opts.maxResumes ?? DEFAULT_MAX_RESUMES;
    const logger = opts.logger ?? silentLogger;
    let last = -1;
    for (let n = 0;; n++) {
        // The limit counts resumes in a row that got nothing: a long download on a flaky network may
        // resume many times as long as each attempt moves it forward.
        const at = opts.position();
        if (at > last && last >= 0)
            n = 0;
        last = at;
        try {
            return await attempt();
        }
        catch (e) {
            const fatal = opts.fatal?.();
            if (fatal)
                throw fatal;
            const err = (0,oci_errors/* toError */.iT)(e);
            if (err instanceof oci_errors/* DigestMismatchError */.h || err instanceof oci_errors/* CancelledError */.cc || n >= maxResumes) {
                throw err;
            }
            logger.info(`${opts.what}: source failed at byte ${opts.position()} (${err.message}); resuming (${n + 1}/${maxResumes})`);
        }
    }
}

;// CONCATENATED MODULE: ./src/oci/fill-file.ts
/**
 * fillFile(): writes a blob into an open file at its byte positions and verifies it as a whole,
 * from one stream or, for a large blob whose source serves byte ranges, from several ranges fetched
 * over parallel connections (as Docker Model Runner and hf_xet do: CDNs and proxies cap each
 * connection, not the client).
 *
 * Memory stays flat whatever the blob's size: each connection holds at most one batch of received
 * chunks (written with one positional writev), and the hash runs in byte order: a batch that lands
 * at the hashed frontier is hashed from memory; bytes that arrived ahead of it are read back from
 * the file (the page cache) once the frontier reaches them. One stream is always at the frontier,
 * so it is hashed from memory only.
 */





/** Received bytes are written once this many are pending (fewer, larger writes). */
const BATCH_BYTES = 1 << 20;
/** How long the first range is timed before deciding whether to split a blob. */
const PROBE_MILLISECONDS = 1000;
/** Bytes read back per read when hashing bytes that arrived ahead of the frontier. */
const READ_BACK_BYTES = 4 << 20;
/** A failed write: never resumed (the disk, not the source, failed). */
class WriteFailure extends Error {
    failure;
    constructor(failure) {
        super('write failed');
        this.failure = failure;
    }
}
/** Writes `desc`'s content into `file` (see the module comment); throws unless it verifies. */
async function fillFile(file, desc, open, opts) {
    const { algorithm } = (0,oci_digest/* parseDigest */.m)(desc.digest);
    const hash = (0,external_node_crypto_.createHash)(algorithm);
    let hashed = 0;
    let failure;
    const live = new Set();
    const fail = (e) => {
        failure ??= e instanceof WriteFailure ? (0,oci_errors/* toError */.iT)(e.failure) : (0,oci_errors/* toError */.iT)(e);
        for (const s of live)
            s.destroy();
    };
    const parallel = opts.parallel && desc.size >= opts.parallel.threshold && desc.size > opts.parallel.partSize
        ? opts.parallel
        : undefined;
    let parts = [{ start: 0, end: desc.size, done: 0 }];
    if (parallel) {
        parts = [];
        for (let start = 0; start < desc.size; start += parallel.partSize) {
            parts.push({ start, end: Math.min(desc.size, start + parallel.partSize), done: 0 });
        }
    }
    let openPart = (p) => open(p.start + p.done);
    // Hashing in byte order: the part holding the frontier, and how far its bytes are written.
    let catching;
    let readBuf;
    const available = () => {
        const p = parts.find(q => q.start <= hashed && hashed < q.end);
        return p ? p.start + p.done : hashed;
    };
    const catchUp = () => {
        if (catching || failure || available() <= hashed)
            return;
        catching = (async () => {
            readBuf ??= Buffer.allocUnsafe(READ_BACK_BYTES);
            for (let end = available(); hashed < end && !failure; end = available()) {
                const n = Math.min(readBuf.length, end - hashed);
                const { bytesRead } = await file.read(readBuf, 0, n, hashed);
                if (bytesRead !== n)
                    throw new oci_errors/* OciError */.Mf(`short read of ${opts.what} at byte ${hashed}`);
                hash.update(readBuf.subarray(0, n));
                hashed += n;
            }
        })()
            .catch(fail)
            .finally(() => {
            catching = undefined;
            catchUp();
        });
    };
    const write = async (p, batch, bytes) => {
        const at = p.start + p.done;
        try {
            const { bytesWritten } = await file.writev(batch, at);
            if (bytesWritten !== bytes)
                throw new oci_errors/* OciError */.Mf(`short write of ${opts.what} at byte ${at}`);
        }
        catch (e) {
            throw new WriteFailure(e);
        }
        // The frontier only moves here or in catchUp, never while catchUp reads.
        if (at === hashed && !catching) {
            for (const b of batch)
                hash.update(b);
            hashed += bytes;
        }
        p.done += bytes;
        if (!catching && available() > hashed)
            catchUp();
    };
    const pump = async (p, source) => {
        let batch = [];
        let pending = 0;
        try {
            for await (const chunk of source) {
                if (failure)
                    throw failure;
                if (p.start + p.done + pending + chunk.length > p.end) {
                    throw new oci_errors/* DigestMismatchError */.h(`${desc.size} bytes`, 'more bytes', opts.what);
                }
                batch.push(chunk);
                pending += chunk.length;
                paceGarbage(chunk.length);
                if (pending >= BATCH_BYTES) {
                    const [full, bytes] = [batch, pending];
                    batch = [];
                    pending = 0;
                    await write(p, full, bytes);
                }
            }
        }
        catch (e) {
            // Bytes that arrived before the source failed are kept: the resume starts after them.
            if (pending && !failure && !(e instanceof WriteFailure))
                await write(p, batch, pending);
            throw e;
        }
        if (pending)
            await write(p, batch, pending);
        if (p.start + p.done !== p.end) {
            // A source that ends cleanly but short sent something else than the blob.
            throw new oci_errors/* DigestMismatchError */.h(`${desc.size} bytes`, `${p.start + p.done} bytes`, opts.what);
        }
    };
    const fillPart = async (p, first) => {
        let initial = first;
        await withResume(async () => {
            const source = initial ?? (await openPart(p));
            initial = undefined;
            if (!source)
                throw new oci_errors/* OciError */.Mf(`${opts.what}: the source stopped serving byte ranges`);
            live.add(source);
            try {
                await pump(p, source);
            }
            finally {
                live.delete(source);
                source.destroy();
            }
        }, {
            what: `${opts.what} bytes ${p.start}-${p.end - 1}`,
            maxResumes: opts.maxResumes,
            logger: opts.logger,
            position: () => p.done,
            fatal: () => failure
        }).catch((e) => {
            fail(e);
            throw failure;
        });
    };
    let next = 0;
    const workers = [];
    const work = async (release) => {
        try {
            while (!failure && next < parts.length) {
                await fillPart(parts[next++]);
                spawn();
            }
        }
        finally {
            release?.();
        }
    };
    // More connections join while ranges are left and the copy's budget has some free.
    let split = false;
    const spawn = () => {
        while (parallel && split && !failure && next < parts.length) {
            const release = parallel.extraConnection();
            if (!release)
                return;
            workers.push(work(release));
        }
    };
    if (parallel) {
        // The first range doubles as the probe: a source that ignores Range gets one plain stream.
        const first = parts[0];
        const probe = await parallel.open(first.start, first.end);
        // Timed from the response, not the request: a slow first byte is latency, not a slow link.
        const started = performance.now();
        if (probe) {
            next = 1;
            openPart = p => parallel.open(p.start + p.done, p.end);
            // More connections only pay where one connection is slow (a CDN or proxy capping each one):
            // on a fast link they add CPU contention and read-backs. So the first range is timed, and
            // the blob is split only when it arrives slower than `fastConnection`.
            const fast = parallel.fastConnection;
            let decided = fast === undefined;
            split = decided;
            const decide = () => {
                if (decided)
                    return;
                decided = true;
                const seconds = Math.max((performance.now() - started) / 1000, 1e-3);
                split = first.done / seconds < fast;
                if (split)
                    spawn();
                else if (next === 1) {
                    // The rest as one range on this connection: fewer requests than part-sized ones.
                    parts = [first, { start: first.end, end: desc.size, done: 0 }];
                    opts.logger?.debug(`${opts.what}: one connection is fast enough; not splitting`);
                }
            };
            const timer = decided ? undefined : setTimeout(decide, PROBE_MILLISECONDS);
            workers.push(fillPart(first, probe).then(() => {
                clearTimeout(timer);
                decide();
                return work();
            }));
            spawn();
        }
        else {
            parts = [{ start: 0, end: desc.size, done: 0 }];
            opts.logger?.debug(`${opts.what}: the source ignores byte ranges; one stream`);
            workers.push(work());
        }
    }
    else
        workers.push(work());
    // Every connection is waited for, so that nothing writes to the file once this returns.
    // Workers join while others run: wait by index, so the ones added meanwhile are waited for too.
    for (let i = 0; i < workers.length; i++)
        await workers[i]?.catch(() => undefined);
    while (catching)
        await catching;
    if (failure)
        throw failure;
    if (hashed !== desc.size)
        catchUp();
    while (catching)
        await catching;
    if (failure)
        throw failure;
    const actual = `${algorithm}:${hash.digest('hex')}`;
    if (hashed !== desc.size || actual !== desc.digest) {
        throw new oci_errors/* DigestMismatchError */.h(desc.digest, actual, opts.what);
    }
}

;// CONCATENATED MODULE: ./src/oci/verified-write.ts
/**
 * Verified writes, the way npm cacache writes content (lib/content/write.js): bytes go to a temp
 * file that cannot already exist, are hashed and counted on the way, and only content that matched
 * its digest and size is renamed into place; the temp file is removed in `finally` whatever happens.
 *
 * A source that fails midway is re-opened at the byte count already accepted and the same hash goes
 * on, a bounded number of times (resume.ts). Files are written by fillFile (positional, batched,
 * hashed in order, optionally from parallel ranges); a stream consumer (unpack) uses pumpWithResume.
 */









/**
 * A temp name beside `finalPath` that no other writer can pick (random, and opened with `wx`). It is
 * registered for removal on SIGINT/SIGTERM (cleanup.ts); callers that know when it is gone call
 * `releaseTemp`.
 */
function tempPathFor(finalPath) {
    const temp = (0,external_node_path_.join)((0,external_node_path_.dirname)(finalPath), `.${(0,external_node_path_.basename)(finalPath).slice(0, 40)}.${(0,external_node_crypto_.randomBytes)(8).toString('hex')}.tmp`);
    temps.set(temp, (0,cleanup/* removeOnInterrupt */.vY)(temp));
    return temp;
}
const temps = new Map();
/** Forgets a temp name of tempPathFor (renamed or removed: nothing to do on an interruption). */
function releaseTemp(temp) {
    temps.get(temp)?.();
    temps.delete(temp);
}
/**
 * Rewrites a file-system error of a write into one that says what to do: ENOSPC and EDQUOT become
 * NoSpaceError naming the file and its size. Other errors are returned as they are.
 */
function explainWriteError(e, path, bytes) {
    const code = e?.code;
    if (code === 'ENOSPC' || code === 'EDQUOT') {
        return new oci_errors/* NoSpaceError */.ud(`no space left on device writing ${path}${bytes !== undefined ? ` (${bytes} bytes)` : ''}: free disk space, or pull fewer files with \`include\`; nothing was left half-written`, { cause: e });
    }
    return (0,oci_errors/* toError */.iT)(e);
}
/**
 * Pumps the content of `open` into `verifier`, resuming from `verifier.bytesReceived` when the
 * source fails midway. `downstream` is the promise of whatever consumes the verifier: when it fails
 * (digest mismatch, disk error, a refused tar entry), pumping stops and that error wins. Resolves
 * once the verifier has been ended; the caller then awaits `downstream` for the verdict.
 */
async function pumpWithResume(verifier, open, downstream, opts) {
    let downstreamError;
    const failed = downstream.then(() => new Promise(() => { }), (e) => {
        downstreamError = (0,oci_errors/* toError */.iT)(e);
        throw downstreamError;
    });
    failed.catch(() => { });
    try {
        await withResume(async () => {
            let source;
            try {
                source = await Promise.race([open(verifier.bytesReceived), failed]);
                for await (const chunk of source) {
                    if (downstreamError)
                        throw downstreamError;
                    if (!verifier.write(chunk))
                        await Promise.race([(0,external_node_events_.once)(verifier, 'drain'), failed]);
                }
                verifier.end();
            }
            catch (e) {
                source?.destroy();
                throw e;
            }
        }, {
            ...opts,
            position: () => verifier.bytesReceived,
            // Only a failing source is worth resuming: a verification or write failure is final.
            fatal: () => downstreamError
        });
    }
    catch (e) {
        verifier.destroy((0,oci_errors/* toError */.iT)(e));
        throw e;
    }
}
/**
 * Writes `open`'s content into a new file `temp` (opened `wx`) at its positions, verified as a
 * whole (fillFile); parallel ranges when `parallel` is given and the blob is large enough. The file
 * is closed whatever happens; the caller renames it on success and removes it in any case.
 */
async function writeTempFile(temp, desc, open, opts) {
    const mode = opts.mode ?? 0o644;
    // `wx+`: a new file, also readable, because ranges that land early are read back to be hashed.
    const fh = opts.openWrite ? await opts.openWrite(temp, mode) : await (0,promises_.open)(temp, 'wx+', mode);
    try {
        await fillFile(fh, desc, open, opts);
    }
    finally {
        await fh.close();
    }
}
/**
 * Writes `open`'s content into a temp file beside `finalPath`, verifying size and digest, then
 * renames it to `finalPath`. When the rename fails but `finalPath` already holds content of the
 * right size (another writer won the race), that is success: both wrote the same verified content
 * address.
 */
async function writeVerifiedFile(finalPath, desc, open, opts = {}) {
    const temp = tempPathFor(finalPath);
    const what = opts.what ?? `blob ${desc.digest}`;
    try {
        await writeTempFile(temp, desc, open, { ...opts, what });
        try {
            await (0,promises_.rename)(temp, finalPath);
        }
        catch (e) {
            const existing = await (0,promises_.stat)(finalPath).catch(() => undefined);
            if (!existing?.isFile() || existing.size !== desc.size)
                throw e;
        }
    }
    catch (e) {
        throw explainWriteError(e, finalPath, desc.size);
    }
    finally {
        await (0,promises_.rm)(temp, { force: true });
        releaseTemp(temp);
    }
}

;// CONCATENATED MODULE: ./src/oci/layout/index-json.ts
/**
 * index.json of an OCI image layout (image-spec "Image Layout": the entry point, an image index
 * whose entries name tags with `org.opencontainers.image.ref.name`). Reads are capped and validated;
 * writes are atomic (temp file + rename) and serialized per layout within the process, so two tags
 * written at once never lose one another.
 */






/** The annotation that names a tag in index.json (image-spec "Pre-Defined Annotation Keys"). */
const REF_NAME = 'org.opencontainers.image.ref.name';
/** index.json is metadata: a layout with more than this is refused rather than read into memory. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;
/** An empty index, as a new layout starts. */
function emptyIndex() {
    return { schemaVersion: 2, mediaType: media_types/* OCI_INDEX */.$p, manifests: [] };
}
/** Reads and validates `<layout>/index.json`. */
async function readIndex(layout) {
    const file = (0,external_node_path_.join)(layout, 'index.json');
    const handle = await (0,promises_.open)(file, 'r');
    let text;
    try {
        const { size } = await handle.stat();
        if (size > MAX_INDEX_BYTES) {
            throw new oci_errors/* ManifestInvalidError */.Vb(`${file} is ${size} bytes, over ${MAX_INDEX_BYTES}`);
        }
        text = await handle.readFile('utf8');
    }
    finally {
        await handle.close();
    }
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch (e) {
        throw new oci_errors/* ManifestInvalidError */.Vb(`${file} is not valid JSON: ${e.message}`);
    }
    if (typeof doc !== 'object' || doc === null || !Array.isArray(doc.manifests)) {
        throw new oci_errors/* ManifestInvalidError */.Vb(`${file} is not an OCI index (no manifests array)`);
    }
    const index = doc;
    index.manifests = index.manifests.map((d, i) => parseDescriptor(d, `${file} manifests[${i}]`));
    return index;
}
/** Writes index.json atomically: readers see the old or the new file, never half of one. */
async function writeIndex(layout, index) {
    const file = (0,external_node_path_.join)(layout, 'index.json');
    const temp = tempPathFor(file);
    try {
        const handle = await (0,promises_.open)(temp, 'wx', 0o644);
        try {
            await handle.writeFile(JSON.stringify(index));
            await handle.sync();
        }
        finally {
            await handle.close();
        }
        await (0,promises_.rename)(temp, file);
    }
    finally {
        await (0,promises_.rm)(temp, { force: true });
    }
}
const queues = new Map();
/**
 * Runs `fn` after every earlier update of the same layout (keyed by its resolved path) has settled,
 * so read-modify-write cycles of index.json never interleave within this process.
 */
function serialized(layout, fn) {
    const previous = queues.get(layout) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const tail = next.catch(() => undefined);
    queues.set(layout, tail);
    void tail.then(() => {
        if (queues.get(layout) === tail)
            queues.delete(layout);
    });
    return next;
}
/** Entries of the index that carry a tag, with the tag. */
function taggedEntries(index) {
    const out = [];
    for (const d of index.manifests) {
        const tag = d.annotations?.[REF_NAME];
        if (tag !== undefined)
            out.push({ tag, descriptor: d });
    }
    return out;
}

;// CONCATENATED MODULE: ./src/oci/layout/layout-target.ts
/**
 * LayoutTarget: a Target over an on-disk OCI image layout (image-spec "Image Layout"): an
 * `oci-layout` file, `index.json` naming the tagged manifests, and `blobs/<alg>/<hex>`. It is the
 * `oci-layout:` reference and the local blob cache. Blobs are written as cacache writes content
 * (see verified-write.ts), so a crash never leaves a wrong blob under a content address.
 */













/** The only layout version the image spec defines. */
const IMAGE_LAYOUT_VERSION = '1.0.0';
/** A Target and TagLister over an OCI image layout folder. */
class LayoutTarget {
    opts;
    name;
    /** The layout folder, resolved to an absolute path. */
    path;
    logger;
    constructor(opts) {
        this.opts = opts;
        this.path = (0,external_node_path_.resolve)(opts.path);
        this.name = `oci-layout:${opts.path}`;
        this.logger = opts.logger ?? silentLogger;
    }
    /**
     * Opens the layout at `path`. With `create`, a missing or empty folder becomes a new layout. A
     * folder that has files but no `oci-layout` file is refused either way: it is someone's folder,
     * not a layout, and nothing is written into it.
     */
    static async open(path, opts = {}) {
        const dir = (0,external_node_path_.resolve)(path);
        const info = await (0,promises_.stat)(dir).catch(() => undefined);
        if (info && !info.isDirectory()) {
            throw new oci_errors/* InvalidInputError */.oC(`${path} is a file, not an OCI image layout folder`);
        }
        const entries = info ? await (0,promises_.readdir)(dir) : [];
        if (entries.includes('oci-layout')) {
            await checkLayoutFile(dir, path);
            if (!entries.includes('index.json')) {
                if (!opts.create)
                    throw new oci_errors/* NotFoundError */.m_(`${path} is an OCI layout without index.json`);
                await writeIndex(dir, emptyIndex());
            }
        }
        else if (entries.length > 0) {
            throw new oci_errors/* InvalidInputError */.oC(`${path} exists and is not an OCI image layout (it has no oci-layout file); refusing to use it: name a new or empty folder`);
        }
        else if (!opts.create) {
            throw new oci_errors/* NotFoundError */.m_(`no OCI image layout at ${path}`);
        }
        else {
            await (0,promises_.mkdir)((0,external_node_path_.join)(dir, 'blobs'), { recursive: true });
            await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: IMAGE_LAYOUT_VERSION }));
            await writeIndex(dir, emptyIndex());
        }
        return new LayoutTarget({ ...opts, path });
    }
    /** Where the blob with this digest lives (the digest is validated, so it cannot name another path). */
    blobPath(digest) {
        const { algorithm, encoded } = (0,oci_digest/* parseDigest */.m)(digest);
        return (0,external_node_path_.join)(this.path, 'blobs', algorithm, encoded);
    }
    /** True when the blob is stored with the descriptor's size. */
    async exists(desc) {
        const info = await (0,promises_.stat)(this.blobPath(desc.digest)).catch(() => undefined);
        return info !== undefined && info.isFile() && info.size === desc.size;
    }
    /** Streams a blob from `offset`; the receiver verifies it, as every Target's reader does. */
    async fetch(desc, offset = 0) {
        const file = this.blobPath(desc.digest);
        const info = await (0,promises_.stat)(file).catch(() => undefined);
        if (!info?.isFile())
            throw new oci_errors/* NotFoundError */.m_(`${desc.digest} is not in ${this.name}`);
        if (info.size !== desc.size) {
            throw new oci_errors/* DigestMismatchError */.h(`${desc.size} bytes`, `${info.size} bytes`, `blob ${desc.digest} in ${this.name}`);
        }
        return (0,external_node_fs_.createReadStream)(file, { start: offset, highWaterMark: 1 << 20 });
    }
    /** Stores a blob unless it is already there; the digest and size are verified before it lands. */
    async push(desc, open, pushOpts = {}) {
        if (await this.exists(desc))
            return 'existed';
        const file = this.blobPath(desc.digest);
        await (0,promises_.mkdir)((0,external_node_path_.join)(file, '..'), { recursive: true });
        await writeVerifiedFile(file, desc, open, {
            maxResumes: this.opts.maxResumes,
            logger: this.logger,
            ...pushOpts
        });
        return 'uploaded';
    }
    /** Points `tag` at the manifest, storing the manifest blob first when it is missing. */
    async tag(desc, tag, manifest) {
        if (!(0,oci_reference/* isValidTag */.r_)(tag))
            throw new oci_errors/* InvalidInputError */.oC(`invalid tag "${tag.slice(0, 80)}"`);
        (0,oci_digest/* verifyBytes */.RV)(manifest, desc.digest, desc.size, 'manifest');
        await this.push(desc, async (offset) => external_node_stream_.Readable.from([Buffer.from(manifest).subarray(offset)]));
        await serialized(this.path, async () => {
            const index = await readIndex(this.path);
            const entry = {
                mediaType: desc.mediaType,
                digest: desc.digest,
                size: desc.size,
                ...(desc.artifactType ? { artifactType: desc.artifactType } : {}),
                ...(desc.platform ? { platform: desc.platform } : {}),
                annotations: { ...desc.annotations, [REF_NAME]: tag }
            };
            // A tag names one manifest: an older entry with the same name is replaced, not duplicated.
            index.manifests = [...index.manifests.filter(d => d.annotations?.[REF_NAME] !== tag), entry];
            await writeIndex(this.path, index);
        });
    }
    /**
     * Resolves a tag through index.json, or a digest: an index.json entry, else a stored blob read
     * (at most 4 MiB) for its mediaType field.
     */
    async resolve(reference) {
        const ref = reference.startsWith('@') ? reference.slice(1) : reference;
        const index = await readIndex(this.path);
        if (!(0,oci_digest/* isDigest */.Bc)(ref)) {
            const hit = taggedEntries(index)
                .reverse()
                .find(e => e.tag === ref);
            if (!hit) {
                const tags = taggedEntries(index).map(e => e.tag);
                throw new oci_errors/* NotFoundError */.m_(`tag "${ref}" is not in ${this.name} (tags: ${tags.slice(0, 20).join(', ') || 'none'})`);
            }
            return hit.descriptor;
        }
        const entry = index.manifests.find(d => d.digest === ref);
        if (entry)
            return entry;
        const file = this.blobPath(ref);
        const info = await (0,promises_.stat)(file).catch(() => undefined);
        if (!info?.isFile())
            throw new oci_errors/* NotFoundError */.m_(`${ref} is not in ${this.name}`);
        const bytes = await readLimited((0,external_node_fs_.createReadStream)(file), MAX_MANIFEST_BYTES, `manifest ${ref} in ${this.name}`);
        (0,oci_digest/* verifyBytes */.RV)(bytes, ref, undefined, 'manifest');
        return { mediaType: sniffMediaType(bytes, ref), digest: ref, size: bytes.length };
    }
    /** The tags of index.json, sorted and without duplicates. */
    async tags() {
        const index = await readIndex(this.path);
        return [...new Set(taggedEntries(index).map(e => e.tag))].sort();
    }
}
async function checkLayoutFile(dir, shown) {
    let version;
    try {
        version = JSON.parse(await (0,promises_.readFile)((0,external_node_path_.join)(dir, 'oci-layout'), 'utf8')).imageLayoutVersion;
    }
    catch (e) {
        throw new oci_errors/* InvalidInputError */.oC(`${shown}/oci-layout is not valid JSON: ${e.message}`);
    }
    if (version !== IMAGE_LAYOUT_VERSION) {
        throw new oci_errors/* InvalidInputError */.oC(`${shown} has imageLayoutVersion ${JSON.stringify(version)}; only ${IMAGE_LAYOUT_VERSION} is supported`);
    }
}
/** The mediaType of a stored manifest; documents without one are told apart by their shape. */
function sniffMediaType(bytes, digest) {
    let doc;
    try {
        doc = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new oci_errors/* InvalidInputError */.oC(`${digest} is a blob, not a manifest (not JSON)`);
    }
    if (typeof doc !== 'object' || doc === null) {
        throw new oci_errors/* InvalidInputError */.oC(`${digest} is a blob, not a manifest`);
    }
    const d = doc;
    if (typeof d.mediaType === 'string')
        return d.mediaType;
    return Array.isArray(d.manifests) ? media_types/* OCI_INDEX */.$p : media_types/* OCI_MANIFEST */.EG;
}

;// CONCATENATED MODULE: ./src/oci/layout/index.ts
/** The OCI image layout Target (also the local blob cache). */



// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./node_modules/tar/dist/esm/index.min.js
var index_min = __webpack_require__(8697);
;// CONCATENATED MODULE: ./src/oci/pack/folder-tar.ts




/** The mtime every entry carries (the Unix epoch): content, not the clock, decides the digest. */
const FIXED_MTIME = new Date(0);
/** The normalised permission bits of a folder, file or symlink. */
function normalisedMode(stat) {
    if (stat.isDirectory())
        return 0o755;
    if (stat.isSymbolicLink())
        return 0o777;
    return stat.mode & 0o111 ? 0o755 : 0o644;
}
/**
 * Lists `relDir` (a path relative to `cwd`) and everything below it, depth first with names sorted
 * per folder, checking each entry: regular files, folders and relative symlinks that stay inside
 * the folder are accepted; anything else (sockets, devices, fifos, escaping links) is an error now,
 * at pack time, rather than a surprise on pull.
 */
async function listFolder(cwd, relDir) {
    const out = [];
    const walk = async (rel) => {
        out.push(rel);
        const names = (await (0,promises_.readdir)((0,external_node_path_.join)(cwd, rel))).sort();
        for (const name of names) {
            const child = `${rel}/${name}`;
            const info = await (0,promises_.lstat)((0,external_node_path_.join)(cwd, child));
            if (info.isDirectory())
                await walk(child);
            else if (info.isFile())
                out.push(child);
            else if (info.isSymbolicLink()) {
                await checkSymlink(cwd, relDir, child);
                out.push(child);
            }
            else {
                throw new oci_errors/* InvalidInputError */.oC(`${(0,external_node_path_.join)(cwd, child)} is not a regular file, folder or symlink; it cannot be packed`);
            }
        }
    };
    await walk(relDir);
    return out;
}
async function checkSymlink(cwd, relDir, child) {
    const target = await (0,promises_.readlink)((0,external_node_path_.join)(cwd, child));
    if (external_node_path_.posix.isAbsolute(target) || /^[A-Za-z]:/.test(target) || target.includes('\\')) {
        throw new oci_errors/* InvalidInputError */.oC(`symlink ${(0,external_node_path_.join)(cwd, child)} points to "${target}": only relative links inside the folder can be packed`);
    }
    const resolved = external_node_path_.posix.normalize(external_node_path_.posix.join(external_node_path_.posix.dirname(child), target));
    if (resolved !== relDir && !resolved.startsWith(`${relDir}/`)) {
        throw new oci_errors/* InvalidInputError */.oC(`symlink ${(0,external_node_path_.join)(cwd, child)} points outside the folder ("${target}"); it cannot be packed`);
    }
}
/**
 * Makes the tar of `relDir` (relative to `cwd`) as a stream. Entries are named `relDir/…` with
 * forward slashes; `paths` is the sorted list from listFolder().
 */
function tarStream(cwd, paths) {
    const pack = new index_min/* Pack */.mM({
        cwd,
        noDirRecurse: true,
        mtime: FIXED_MTIME,
        // Called with the stat every entry is built from (tar keeps it in its stat cache).
        filter: (_path, stat) => {
            if (!(stat instanceof index_min/* ReadEntry */.lf))
                normaliseStat(stat);
            return true;
        },
        onWriteEntry: (entry) => {
            // tar fills `uname` from $USER when the file's uid is the process's; uid 0 under root would.
            ;
            entry.myuser = '';
        }
    });
    for (const p of paths)
        pack.add(p);
    pack.end();
    return pack;
}
function normaliseStat(stat) {
    const s = stat;
    s.mode = (stat.mode & ~0o7777) | normalisedMode(stat);
    s.uid = 0;
    s.gid = 0;
    // nlink 1: a hard link is stored as the file itself, so copying the folder keeps its digest.
    s.nlink = 1;
    // Only pax headers carry these; they must not vary between runs or machines.
    s.atime = undefined;
    s.ctime = undefined;
    s.birthtime = undefined;
    s.dev = undefined;
    s.ino = undefined;
}

;// CONCATENATED MODULE: ./src/oci/pack/pack-folder.ts
/**
 * A folder as one tar+gzip layer, written as oras writes it (title = the folder's name, annotations
 * `io.deis.oras.content.digest` = sha256 of the uncompressed tar and `io.deis.oras.content.unpack`),
 * in one streaming pass: the tar is hashed, compressed with a fixed gzip header, hashed again and
 * written to a temp file, never read back.
 */









const ANNOTATION_TITLE = 'org.opencontainers.image.title';
const ANNOTATION_CONTENT_DIGEST = 'io.deis.oras.content.digest';
const ANNOTATION_UNPACK = 'io.deis.oras.content.unpack';
/** Compression level of packed folders; fixed, since the level changes the bytes. */
const GZIP_LEVEL = 6;
/**
 * The 10-byte gzip header every packed folder starts with (RFC 1952): deflate, no flags, mtime 0,
 * no extra flags, OS "unknown" (255, as Go's compress/gzip writes), so the header does not depend
 * on the machine or the zlib build.
 */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
/** Hashes and counts the bytes that pass through. */
class Tap extends external_node_stream_.Transform {
    hash = (0,external_node_crypto_.createHash)('sha256');
    bytes = 0;
    _transform(chunk, _e, done) {
        this.hash.update(chunk);
        this.bytes += chunk.length;
        done(null, chunk);
    }
    digest() {
        return `sha256:${this.hash.digest('hex')}`;
    }
}
/** Overwrites the first 10 bytes (the gzip header) with GZIP_HEADER, however chunks are split. */
class FixGzipHeader extends external_node_stream_.Transform {
    seen = 0;
    _transform(chunk, _e, done) {
        if (this.seen < GZIP_HEADER.length) {
            chunk = Buffer.from(chunk);
            const n = Math.min(GZIP_HEADER.length - this.seen, chunk.length);
            GZIP_HEADER.copy(chunk, 0, this.seen, this.seen + n);
            this.seen += n;
        }
        done(null, chunk);
    }
}
/** Packs the folder at `path` into `tempDir` as a reproducible tar+gzip layer. */
async function packFolder(path, tempDir, mediaType = media_types/* FOLDER_MEDIA_TYPE */.TY) {
    const name = (0,external_node_path_.basename)(path);
    const paths = await listFolder((0,external_node_path_.dirname)(path), name);
    const sourcePath = (0,external_node_path_.join)(tempDir, `${name}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.tar.gz`);
    const tarTap = new Tap();
    const gzTap = new Tap();
    await (0,external_node_stream_promises_.pipeline)(tarStream((0,external_node_path_.dirname)(path), paths), tarTap, (0,external_node_zlib_.createGzip)({ level: GZIP_LEVEL, memLevel: 8, strategy: external_node_zlib_.constants.Z_DEFAULT_STRATEGY }), new FixGzipHeader(), gzTap, (0,external_node_fs_.createWriteStream)(sourcePath, { flags: 'wx' }));
    const tar = { digest: tarTap.digest(), size: tarTap.bytes };
    return {
        descriptor: {
            mediaType,
            digest: gzTap.digest(),
            size: gzTap.bytes,
            annotations: {
                [ANNOTATION_TITLE]: name,
                [ANNOTATION_CONTENT_DIGEST]: tar.digest,
                [ANNOTATION_UNPACK]: 'true'
            }
        },
        sourcePath,
        tar
    };
}
/**
 * The digest of the tar that packing `relDir` (relative to `cwd`) would produce, and the bytes of
 * its regular files, computed without writing anything: a pull uses it to tell that an unpacked
 * folder is already up to date.
 */
async function folderTarDigest(cwd, relDir) {
    const tap = new Tap();
    const paths = await listFolder(cwd, relDir);
    let fileBytes = 0;
    for (const p of paths) {
        const info = await (0,promises_.lstat)((0,external_node_path_.join)(cwd, p));
        if (info.isFile())
            fileBytes += info.size;
    }
    const sink = new external_node_stream_.Writable({ write: (_c, _e, done) => done() });
    await (0,external_node_stream_promises_.pipeline)(tarStream(cwd, paths), tap, sink);
    return { digest: tap.digest(), fileBytes };
}

;// CONCATENATED MODULE: ./src/oci/store/memo.ts
/**
 * DigestMemo: remembers, across runs, which digest a file had when it was last hashed, keyed by its
 * absolute path and checked against its identity (device, inode, size, mtime and ctime in
 * nanoseconds). A file whose identity is unchanged is not read again; any write, rename over it,
 * truncation, `touch` or chmod changes at least one of these (ctime cannot be set from user space),
 * and the file is hashed again. This is the trade-off git's index makes.
 *
 * Racy files: a file modified again within the same clock tick as the stat would keep its mtime, so
 * a file whose mtime is less than RACY_MS (RACY_COARSE_MS on filesystems with whole-second
 * timestamps) before the hash started is not remembered (as git treats "racily clean" entries). Files this client wrote itself (verified, then renamed into place) are.
 *
 * The memo is one JSON file, written atomically (temp + rename); a save merges with what another
 * run saved meanwhile, ours winning for the paths we touched. A lost update only costs a re-hash.
 */



/**
 * A file modified less than this before it was hashed is not remembered: well above the clock tick
 * of filesystems with nanosecond timestamps (ext4, XFS, btrfs: a few ms).
 */
const RACY_MS = 100;
/** The same for filesystems whose timestamps are whole seconds (FAT: 2 s; HFS+, ext3, some NFS: 1 s). */
const RACY_COARSE_MS = 3000;
/** At most this many entries are kept; the least recently used go first. */
const DEFAULT_MAX_ENTRIES = 20000;
const FORMAT = 1;
/** The identity of a file as the memo compares it. */
function identity(st) {
    return [st.dev, st.ino, st.size, st.mtimeNs, st.ctimeNs].map(String);
}
/** A persistent (path, identity) → digest map. */
class DigestMemo {
    file;
    opts;
    entries = new Map();
    /** Paths changed by this process (undefined: deleted), applied over the file on save. */
    changed = new Map();
    now;
    constructor(
    /** The JSON file, or undefined for a memo that lives in memory only. */
    file, opts) {
        this.file = file;
        this.opts = opts;
        this.now = opts.now ?? Date.now;
    }
    /** An empty memo that is never saved (for tests and `cache: false`-like uses). */
    static inMemory(opts = {}) {
        return new DigestMemo(undefined, opts);
    }
    /** Loads the memo from `file`; a missing or unreadable file is an empty memo (it is only a cache). */
    static async load(file, opts = {}) {
        const memo = new DigestMemo(file, opts);
        for (const [path, entry] of await readEntries(file))
            memo.entries.set(path, entry);
        return memo;
    }
    /** Number of entries. */
    get size() {
        return this.entries.size;
    }
    /** The remembered digest of `path` when its identity is still `st`, else undefined. */
    get(path, st) {
        const e = this.entries.get(path);
        if (!e)
            return undefined;
        const id = identity(st);
        for (let i = 0; i < 5; i++)
            if (e[i] !== id[i])
                return undefined;
        e[6] = this.now();
        this.changed.set(path, e);
        return e[5];
    }
    /**
     * Remembers that `path`, with identity `st`, has `digest`. Unless `trusted` (the caller wrote the
     * file itself), a file modified less than RACY_MS before `hashStartedMs` is not remembered.
     */
    set(path, st, digest, opts = {}) {
        const started = opts.hashStartedMs ?? this.now();
        const coarse = st.mtimeNs % 1000000000n === 0n;
        if (!opts.trusted && Number(st.mtimeMs) > started - (coarse ? RACY_COARSE_MS : RACY_MS)) {
            this.delete(path);
            return;
        }
        const e = [...identity(st), digest, this.now()];
        this.entries.set(path, e);
        this.changed.set(path, e);
    }
    /** Forgets `path`. */
    delete(path) {
        if (this.entries.delete(path) || !this.changed.has(path))
            this.changed.set(path, undefined);
    }
    /**
     * Writes the memo: what is on disk now (another run may have saved since we loaded), with this
     * process's changes applied, trimmed to the most recently used entries. Never throws: a memo that
     * cannot be saved only costs a re-hash next time.
     */
    async save() {
        if (!this.file || this.changed.size === 0)
            return;
        const merged = await readEntries(this.file);
        for (const [path, e] of this.changed) {
            if (e)
                merged.set(path, e);
            else
                merged.delete(path);
        }
        const max = this.opts.maxEntries ?? DEFAULT_MAX_ENTRIES;
        const kept = [...merged].sort((a, b) => b[1][6] - a[1][6]).slice(0, max);
        const temp = `${this.file}.${(0,external_node_crypto_.randomBytes)(8).toString('hex')}.tmp`;
        try {
            await (0,promises_.writeFile)(temp, JSON.stringify({ format: FORMAT, entries: Object.fromEntries(kept) }), {
                flag: 'wx'
            });
            await (0,promises_.rename)(temp, this.file);
            this.changed.clear();
        }
        catch {
            // Best effort, see above.
        }
        finally {
            await (0,promises_.rm)(temp, { force: true });
        }
    }
}
async function readEntries(file) {
    const out = new Map();
    let doc;
    try {
        doc = JSON.parse(await (0,promises_.readFile)(file, 'utf8'));
    }
    catch {
        return out;
    }
    const entries = doc?.entries;
    if (doc.format !== FORMAT || typeof entries !== 'object' || !entries) {
        return out;
    }
    for (const [path, e] of Object.entries(entries)) {
        if (isEntry(e))
            out.set(path, e);
    }
    return out;
}
function isEntry(e) {
    return (Array.isArray(e) &&
        e.length === 7 &&
        e.slice(0, 5).every(x => typeof x === 'string' && /^\d+$/.test(x)) &&
        typeof e[5] === 'string' &&
        (0,oci_digest/* isDigest */.Bc)(e[5]) &&
        typeof e[6] === 'number');
}
/**
 * Digest and size of a file, from the memo when the file's identity is unchanged, else by hashing
 * it (and remembering the result when the file did not change while it was read).
 */
async function memoDigestFile(path, memo) {
    const before = await (0,promises_.stat)(path, { bigint: true });
    const known = memo.get(path, before);
    if (known)
        return { digest: known, size: Number(before.size), remembered: true };
    const started = Date.now();
    const { digest, size } = await (0,oci_digest/* digestFile */.TM)(path);
    const after = await (0,promises_.stat)(path, { bigint: true });
    if (identity(after).join() === identity(before).join() && BigInt(size) === after.size) {
        memo.set(path, after, digest, { hashStartedMs: started });
    }
    else {
        memo.delete(path);
    }
    return { digest, size, remembered: false };
}

;// CONCATENATED MODULE: ./src/oci/pack/file-source.ts
/**
 * FileSource: the read side of a push, a ReadOnlyTarget over packed files and small in-memory blobs
 * (the config, the manifest), so that copy() pushes local files exactly as it copies between
 * registries. Every fetch opens the file afresh at the offset asked for, so an upload can resume.
 */





/** A ReadOnlyTarget over packed files (`{ descriptor, sourcePath }`) and in-memory blobs. */
class FileSource {
    name = 'local files';
    files = new Map();
    blobs = new Map();
    constructor(files, blobs = []) {
        for (const f of files)
            this.files.set(f.descriptor.digest, f.sourcePath);
        for (const b of blobs)
            this.blobs.set(b.descriptor.digest, b);
    }
    /** Opens a blob at `offset`: the file it was packed from, or the in-memory bytes. */
    async fetch(desc, offset = 0) {
        const blob = this.blobs.get(desc.digest);
        if (blob)
            return external_node_stream_.Readable.from([Buffer.from(blob.bytes).subarray(offset)]);
        const path = this.files.get(desc.digest);
        if (path === undefined)
            throw new oci_errors/* NotFoundError */.m_(`${desc.digest} is not among the files to push`);
        // The file may have changed since it was hashed: the receiving side verifies, as always.
        return (0,external_node_fs_.createReadStream)(path, { start: offset, highWaterMark: 1 << 20 });
    }
    /**
     * Resolves a digest to its in-memory manifest; any other reference (a tag) resolves to the one
     * manifest held, the root of the push.
     */
    async resolve(reference) {
        const manifests = [...this.blobs.values()].filter(b => (0,media_types/* isManifestMediaType */.CM)(b.descriptor.mediaType));
        const hit = (0,oci_digest/* isDigest */.Bc)(reference)
            ? manifests.find(b => b.descriptor.digest === reference)
            : manifests.length === 1
                ? manifests[0]
                : undefined;
        if (!hit)
            throw new oci_errors/* NotFoundError */.m_(`no manifest "${reference}" among the files to push`);
        return hit.descriptor;
    }
}

;// CONCATENATED MODULE: ./src/oci/files.ts
/**
 * Files → blobs, the push side: each file becomes a layer named by its title (the basename, as
 * oras writes it); each folder becomes one reproducible tar+gzip layer (see pack/pack-folder.ts).
 * Files are hashed as streams and never copied: the push reads them from where they are.
 */










/**
 * Packs files and folders into layers, in the order given. Missing paths and two entries with the
 * same title (which a pull could not tell apart) are refused with the paths named.
 */
async function packFiles(entries, opts) {
    const titles = new Map();
    for (const e of entries) {
        const title = titleOf(e.path);
        const other = titles.get(title);
        if (other !== undefined) {
            throw new oci_errors/* InvalidInputError */.oC(`${other} and ${e.path} would both be named "${title}"; rename one of them (a pull could not tell them apart)`);
        }
        titles.set(title, e.path);
    }
    const out = new Array(entries.length);
    await forEachLimit(entries, opts.concurrency ?? 4, async (entry, i) => {
        out[i] = await packOne(entry, opts.tempDir, opts.memo);
    });
    return out;
}
async function packOne(entry, tempDir, memo) {
    const path = (0,external_node_path_.resolve)(entry.path);
    // stat (not lstat): a symlink given by name is the file it points to, as `cp` and oras treat it.
    const info = await (0,promises_.stat)(path).catch(async () => {
        const dangling = await (0,promises_.lstat)(path).catch(() => undefined);
        throw new oci_errors/* InvalidInputError */.oC(dangling ? `${entry.path} is a symlink to nothing` : `${entry.path} does not exist`);
    });
    if (info.isDirectory())
        return packFolder(path, tempDir, entry.mediaType);
    if (!info.isFile()) {
        throw new oci_errors/* InvalidInputError */.oC(`${entry.path} is not a regular file or folder; it cannot be pushed`);
    }
    const { digest, size, remembered } = await hashFile(path, memo);
    const title = (0,external_node_path_.basename)(path);
    return {
        remembered,
        descriptor: {
            mediaType: entry.mediaType ?? (0,media_types/* mediaTypeForFile */.e_)(title),
            digest,
            size,
            annotations: { [ANNOTATION_TITLE]: title }
        },
        sourcePath: path
    };
}
/** Packs the config blob: a file with the given media type and no title (it is not a layer). */
async function packConfig(path, mediaType, memo) {
    const info = await (0,promises_.stat)(path).catch(() => undefined);
    if (!info?.isFile())
        throw new oci_errors/* InvalidInputError */.oC(`config ${path} is not a file`);
    const { digest, size, remembered } = await hashFile((0,external_node_path_.resolve)(path), memo);
    return { descriptor: { mediaType, digest, size }, sourcePath: (0,external_node_path_.resolve)(path), remembered };
}
async function hashFile(path, memo) {
    if (memo)
        return memoDigestFile(path, memo);
    return { ...(await (0,oci_digest/* digestFile */.TM)(path)), remembered: false };
}
function titleOf(path) {
    const title = (0,external_node_path_.basename)((0,external_node_path_.resolve)(path));
    if (!title)
        throw new oci_errors/* InvalidInputError */.oC(`${path} has no name to use as a title`);
    return title;
}

;// CONCATENATED MODULE: ./src/oci/output/safe-path.ts
/**
 * Validation of the names an artifact asks us to write: layer titles and tar entry paths. The
 * artifact is hostile input, so a name must be a plain relative path that stays inside the output
 * folder on every platform the action runs on (Linux, macOS, Windows).
 */

/** Longest name accepted (bytes of UTF-8); longer ones fail on most file systems anyway. */
const MAX_NAME_BYTES = 4096;
/** Windows device names, refused as a component on every platform (the artifact may reach Windows). */
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
/**
 * Why `name` is not a safe relative path, or undefined when it is. Refused: empty names, NUL and
 * other control characters, backslashes, absolute paths, drive letters (`C:`), `.` / `..` / empty
 * components, and Windows device names. A single trailing `/` (a folder title) is allowed.
 */
function unsafePathReason(name) {
    if (typeof name !== 'string' || name.length === 0)
        return 'it is empty';
    if (Buffer.byteLength(name) > MAX_NAME_BYTES)
        return `it is longer than ${MAX_NAME_BYTES} bytes`;
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(name))
        return 'it contains a control character';
    if (name.includes('\\'))
        return 'it contains a backslash';
    if (name.startsWith('/'))
        return 'it is an absolute path';
    if (/^[A-Za-z]:/.test(name))
        return 'it starts with a drive letter';
    const body = name.endsWith('/') ? name.slice(0, -1) : name;
    for (const part of body.split('/')) {
        if (part === '')
            return 'it has an empty path component';
        if (part === '.' || part === '..')
            return `it has a "${part}" component`;
        if (WINDOWS_DEVICES.test(part))
            return `"${part}" is a reserved device name`;
        // Windows strips trailing dots and spaces, so "a." and "a" would collide, and ". ." escape.
        if (/[. ]$/.test(part))
            return `"${part}" ends with a dot or space`;
        if (part.includes(':'))
            return `"${part}" contains a colon (an alternate data stream on Windows)`;
    }
    return undefined;
}
/** True when `name` is a safe relative path (see unsafePathReason). */
function isSafeRelativePath(name) {
    return unsafePathReason(name) === undefined;
}
/**
 * Returns the layer title as a relative path without its trailing `/`, or throws InvalidInputError
 * saying why the artifact's title cannot be written.
 */
function safeTitle(title) {
    const reason = unsafePathReason(title);
    if (reason) {
        throw new oci_errors/* InvalidInputError */.oC(`refusing to write the layer titled ${JSON.stringify(title.slice(0, 200))}: ${reason}`);
    }
    return title.endsWith('/') ? title.slice(0, -1) : title;
}
/** True when `inner` is `outer` or lies below it (both normalised relative paths). */
function isWithin(outer, inner) {
    return inner === outer || inner.startsWith(`${outer}/`);
}

;// CONCATENATED MODULE: ./src/oci/output/unpack.ts
/**
 * Unpacking a folder layer (tar+gzip with `io.deis.oras.content.unpack`), the hostile-input way:
 * verify → gunzip → hash and count the tar → tar extraction into a staging folder, with every entry
 * checked before tar sees it. Nothing leaves the staging folder here; the caller moves it into place
 * only after both digests are verified.
 */










const ALLOWED_TYPES = new Set([
    'File',
    'OldFile',
    'ContiguousFile',
    'Directory',
    'SymbolicLink',
    'Link'
]);
/** Small archives get this much room whatever the ratio: tar's own padding compresses ~100×. */
const MIN_UNPACKED_ALLOWANCE = 1 << 20;
/** Hashes and counts the uncompressed tar, failing once it grows past `limit`. */
class TarTap extends external_node_stream_.Transform {
    limit;
    hash = (0,oci_digest/* createDigester */.QC)('sha256');
    bytes = 0;
    constructor(limit) {
        super();
        this.limit = limit;
    }
    _transform(chunk, _e, done) {
        this.bytes += chunk.length;
        if (this.bytes > this.limit) {
            done(new oci_errors/* InvalidInputError */.oC(`folder layer expands to more than ${this.limit} bytes; refusing it as a possible archive bomb`));
            return;
        }
        this.hash.update(chunk);
        done(null, chunk);
    }
}
/**
 * Streams the layer from `open` into `staging`, where its entries (all under `<prefix>/`) are
 * extracted. Rejects, with the offending entry named, on a digest mismatch, a refused entry or a
 * limit; the caller removes `staging` then.
 */
async function unpackLayer(desc, open, staging, prefix, opts = {}) {
    const maxEntries = opts.maxEntries ?? 100_000;
    const limit = Math.min(opts.maxUnpackedBytes ?? 2 ** 40, Math.max(MIN_UNPACKED_ALLOWANCE, desc.size * (opts.maxExpansionRatio ?? 1000)));
    const result = { tarDigest: '', tarBytes: 0, entries: 0, fileBytes: 0 };
    const symlinks = new Map();
    let refused;
    const unpack = new index_min/* Unpack */.dX({
        cwd: staging,
        strict: true,
        preservePaths: false,
        preserveOwner: false,
        noMtime: true,
        unlink: false,
        filter: (_path, entry) => {
            if (refused)
                return false;
            const reason = checkEntry(entry, prefix, symlinks, ++result.entries, maxEntries);
            if (reason) {
                refused = new oci_errors/* InvalidInputError */.oC(`folder layer ${desc.digest}: ${reason}`);
                return false;
            }
            const e = entry;
            if (e.type === 'File' || e.type === 'OldFile' || e.type === 'ContiguousFile') {
                result.fileBytes += e.size ?? 0;
            }
            // Only permission bits, owner always able to read and write (setuid/sticky are dropped).
            if (e.mode !== undefined)
                e.mode = (e.mode & 0o777) | (e.type === 'Directory' ? 0o700 : 0o600);
            return true;
        }
    });
    const settled = new Promise((resolve, reject) => {
        unpack.on('close', () => resolve());
        unpack.on('error', (e) => reject((0,oci_errors/* toError */.iT)(e)));
    });
    settled.catch(() => { });
    const verifier = new oci_digest/* VerifyingStream */.SC(desc.digest, desc.size, undefined, `layer ${desc.digest}`);
    const tap = new TarTap(limit);
    const processing = (0,external_node_stream_promises_.pipeline)(verifier, (0,external_node_zlib_.createGunzip)(), tap, async (source) => {
        try {
            for await (const chunk of source) {
                if (refused)
                    throw refused;
                if (!unpack.write(chunk))
                    await Promise.race([(0,external_node_events_.once)(unpack, 'drain'), settled]);
            }
        }
        finally {
            // Ending lets tar close the file it may be writing, so no descriptor is left open.
            unpack.end();
        }
        await settled;
        if (refused)
            throw refused;
    });
    try {
        await pumpWithResume(verifier, open, processing, { ...opts, what: `layer ${desc.digest}` });
        await processing;
    }
    catch (e) {
        // Let tar finish closing its files before the caller removes the staging folder.
        await Promise.race([settled.catch(() => { }), new Promise(r => setTimeout(r, 2000).unref())]);
        if (refused)
            throw refused;
        if (e instanceof oci_errors/* OciError */.Mf)
            throw e;
        const code = e?.code;
        if (code === 'ENOSPC' || code === 'EDQUOT')
            throw explainWriteError(e, `${prefix}/`);
        throw new oci_errors/* OciError */.Mf(`layer ${desc.digest} could not be unpacked (${(0,oci_errors/* toError */.iT)(e).message}); the download may be corrupt`, { cause: e });
    }
    const chain = symlinkThroughSymlink(symlinks);
    if (chain)
        throw new oci_errors/* InvalidInputError */.oC(`folder layer ${desc.digest}: ${chain}`);
    result.tarDigest = `sha256:${tap.hash.digest('hex')}`;
    result.tarBytes = tap.bytes;
    return result;
}
/** Checks the uncompressed tar against the layer's `io.deis.oras.content.digest`, when present. */
function checkTarDigest(desc, expected, actual) {
    if (expected !== undefined && expected !== actual) {
        throw new oci_errors/* DigestMismatchError */.h(expected, actual, `uncompressed tar of layer ${desc.digest}`);
    }
}
/** Why a tar entry is refused, or undefined. `prefix` is the folder's title. */
function checkEntry(entry, prefix, symlinks, count, maxEntries) {
    if (count > maxEntries)
        return `more than ${maxEntries} entries`;
    const raw = String(entry.path);
    const shown = JSON.stringify(raw.slice(0, 200));
    if (!ALLOWED_TYPES.has(entry.type))
        return `entry ${shown} is a ${entry.type}, which is not allowed`;
    const why = unsafePathReason(raw);
    if (why)
        return `entry ${shown} is refused: ${why}`;
    const path = raw.replace(/\/$/, '');
    if (!isWithin(prefix, path))
        return `entry ${shown} is outside the folder "${prefix}/"`;
    if (path === prefix && entry.type !== 'Directory')
        return `entry ${shown} is not a folder`;
    if (throughSymlink(path.split('/'), symlinks))
        return `entry ${shown} is below a symlink`;
    if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
        const target = String(entry.linkpath ?? '');
        const bad = target.startsWith('/') || /^[A-Za-z]:/.test(target) || /[\\\0]/.test(target);
        // Symlink targets are relative to the link's folder; hard link targets to the archive root.
        const resolved = entry.type === 'SymbolicLink'
            ? external_node_path_.posix.normalize(external_node_path_.posix.join(external_node_path_.posix.dirname(path), target))
            : external_node_path_.posix.normalize(target);
        if (bad ||
            !target ||
            !isWithin(prefix, resolved) ||
            (entry.type === 'Link' && resolved === prefix)) {
            return `${entry.type === 'Link' ? 'hard link' : 'symlink'} ${shown} points outside the folder ("${target.slice(0, 200)}")`;
        }
        if (entry.type === 'Link' && throughSymlink(resolved.split('/'), symlinks)) {
            return `hard link ${shown} points through a symlink`;
        }
        if (entry.type === 'SymbolicLink')
            symlinks.set(path, target);
    }
    return undefined;
}
function throughSymlink(parts, symlinks) {
    for (let i = 1; i < parts.length; i++) {
        if (symlinks.has(parts.slice(0, i).join('/')))
            return true;
    }
    return false;
}
/**
 * A symlink whose target walks through another symlink (`x -> a/b/..` with `a/b -> ..`) can land
 * outside the folder although each target looks inside on its own; such chains are refused, checked
 * once every link of the archive is known (the order of entries does not matter).
 */
function symlinkThroughSymlink(symlinks) {
    for (const [path, target] of symlinks) {
        const stack = external_node_path_.posix.dirname(path).split('/');
        const parts = target.split('/').filter(p => p !== '' && p !== '.');
        for (let i = 0; i < parts.length; i++) {
            if (parts[i] === '..')
                stack.pop();
            else
                stack.push(parts[i]);
            if (i < parts.length - 1 && symlinks.has(stack.join('/'))) {
                return `symlink ${JSON.stringify(path)} points through another symlink ("${target}")`;
            }
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/oci/output/output-folder.ts
/**
 * OutputFolder: the pull side, a Pusher that writes an artifact's files into a folder, so that
 * copy(registry → OutputFolder) is a pull. A titled layer becomes `output/<title>`; a folder layer
 * (`io.deis.oras.content.unpack`) is unpacked. Nothing appears under its final name before its
 * digest (and the uncompressed tar's digest) is verified, and a failure leaves no temp or staging
 * file behind. Layers without a title, configs and manifests are not written.
 */













/** A Pusher that writes pulled layers as files into a folder. */
class OutputFolder {
    shownRoot;
    opts;
    name;
    /** The output folder, resolved to an absolute path. */
    root;
    logger;
    entries = new Map();
    /** Titles claimed by this pull (digest per title), so two layers never write the same place. */
    claims = new Map();
    /** Titles found up to date by exists() (title → digest), so a second call does not re-check. */
    upToDate = new Map();
    constructor(shownRoot, opts = {}) {
        this.shownRoot = shownRoot;
        this.opts = opts;
        this.root = (0,external_node_path_.resolve)(shownRoot);
        this.name = shownRoot;
        this.logger = opts.logger ?? silentLogger;
    }
    /** What this pull put in place (or found up to date), sorted by title. */
    written() {
        return [...this.entries.values()].sort((a, b) => (a.title < b.title ? -1 : 1));
    }
    /** The paths of written(), for the action's `files` output. */
    writtenPaths() {
        return this.written().map(e => e.path);
    }
    /**
     * True when the layer needs no writing: it is not a file (no title: configs, manifests), or the
     * file is present with the same size and digest, or the unpacked folder re-packs to the same tar
     * digest. A title that is unsafe is refused here already.
     */
    async exists(desc) {
        const title = desc.annotations?.[ANNOTATION_TITLE];
        if (title === undefined)
            return true;
        const rel = this.claim(title, desc);
        if (this.upToDate.get(rel) === desc.digest)
            return true;
        // Nothing is read through a symlinked folder either: it could vouch for a file elsewhere.
        if (!(await this.walkParents(rel, false)))
            return false;
        const path = (0,external_node_path_.join)(this.root, rel);
        const info = await (0,promises_.lstat)(path).catch(() => undefined);
        if (!info)
            return false;
        if (isUnpack(desc)) {
            const expected = desc.annotations?.[ANNOTATION_CONTENT_DIGEST];
            if (!info.isDirectory() || expected === undefined)
                return false;
            const actual = await folderTarDigest(this.root, rel).catch(() => undefined);
            if (actual?.digest !== expected)
                return false;
            this.record(rel, desc, 'directory', actual.fileBytes, true);
            this.upToDate.set(rel, desc.digest);
            return true;
        }
        if (!info.isFile() || info.size !== desc.size)
            return false;
        const { memo } = this.opts;
        const { digest } = memo ? await memoDigestFile(path, memo) : await (0,oci_digest/* digestFile */.TM)(path);
        if (digest !== desc.digest)
            return false;
        this.record(rel, desc, 'file', desc.size, true);
        this.upToDate.set(rel, desc.digest);
        return true;
    }
    /**
     * Writes a titled layer into the folder (see the class comment), or answers 'existed' without
     * reading the content when exists() holds; other blobs are ignored.
     */
    async push(desc, open, pushOpts = {}) {
        if (await this.exists(desc))
            return 'existed';
        const rel = this.claim(desc.annotations?.[ANNOTATION_TITLE], desc);
        const parent = (await this.walkParents(rel, true));
        const finalPath = (0,external_node_path_.join)(this.root, rel);
        const existing = await (0,promises_.lstat)(finalPath).catch(() => undefined);
        if (existing?.isSymbolicLink()) {
            throw new oci_errors/* InvalidInputError */.oC(`${this.show(rel)} is a symlink; refusing to write through it`);
        }
        if (isUnpack(desc)) {
            await this.unpack(desc, open, rel, parent);
            return 'uploaded';
        }
        if (existing?.isDirectory()) {
            throw new oci_errors/* InvalidInputError */.oC(`${this.show(rel)} is a folder; refusing to replace it with a file`);
        }
        const local = this.opts.localBlob?.(desc);
        if (!(local && (await this.placeLocal(local, finalPath, desc, rel)))) {
            await writeVerifiedFile(finalPath, desc, open, {
                maxResumes: this.opts.maxResumes,
                logger: this.logger,
                what: `file ${rel} (${desc.digest})`,
                ...pushOpts
            });
        }
        if (this.opts.memo) {
            const st = await (0,promises_.stat)(finalPath, { bigint: true });
            this.opts.memo.set(finalPath, st, desc.digest, { trusted: true });
        }
        this.record(rel, desc, 'file', desc.size, false);
        return 'uploaded';
    }
    /**
     * Places a local copy of the blob: copyFile (reflink when the filesystem can) to a temp name,
     * verified by digest, then renamed. False when the local file is gone (the caller streams the
     * blob instead); a local file with other content is a DigestMismatchError, and nothing is placed.
     */
    async placeLocal(local, finalPath, desc, rel) {
        const temp = tempPathFor(finalPath);
        try {
            try {
                await (0,promises_.copyFile)(local, temp, external_node_fs_.constants.COPYFILE_EXCL | external_node_fs_.constants.COPYFILE_FICLONE);
            }
            catch (e) {
                if (e.code === 'ENOENT')
                    return false;
                throw explainWriteError(e, finalPath, desc.size);
            }
            const actual = await (0,oci_digest/* digestFile */.TM)(temp);
            if (actual.digest !== desc.digest || actual.size !== desc.size) {
                throw new oci_errors/* DigestMismatchError */.h(desc.digest, actual.digest, `cached blob for ${rel}`);
            }
            await (0,promises_.rename)(temp, finalPath);
            return true;
        }
        finally {
            await (0,promises_.rm)(temp, { force: true });
            releaseTemp(temp);
        }
    }
    async unpack(desc, open, rel, parent) {
        const staging = await (0,promises_.mkdtemp)((0,external_node_path_.join)(this.root, '.oci-unpack-'));
        const forgetStaging = (0,cleanup/* removeOnInterrupt */.vY)(staging);
        try {
            const result = await unpackLayer(desc, open, staging, rel, {
                ...this.opts,
                logger: this.logger
            });
            checkTarDigest(desc, desc.annotations?.[ANNOTATION_CONTENT_DIGEST], result.tarDigest);
            const unpacked = (0,external_node_path_.join)(staging, rel);
            if (!(await (0,promises_.lstat)(unpacked).catch(() => undefined))?.isDirectory()) {
                await (0,promises_.mkdir)(unpacked, { recursive: true });
            }
            // Both digests are verified: only now does the folder replace what was there.
            const finalPath = (0,external_node_path_.join)(this.root, rel);
            const old = (0,external_node_path_.join)(parent, `.${rel.split('/').pop()}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.old`);
            // An interruption between the two renames puts the old folder back.
            const forgetOld = (0,cleanup/* restoreOnInterrupt */.DG)(old, finalPath);
            try {
                const moved = await (0,promises_.rename)(finalPath, old).then(() => true, (e) => {
                    if (e.code === 'ENOENT')
                        return false;
                    throw e;
                });
                await (0,promises_.rename)(unpacked, finalPath);
                if (moved)
                    await (0,promises_.rm)(old, { recursive: true, force: true });
            }
            finally {
                forgetOld();
            }
            this.record(rel, desc, 'directory', result.fileBytes, false);
        }
        finally {
            await (0,promises_.rm)(staging, { recursive: true, force: true });
            forgetStaging();
        }
    }
    /** Validates the title and makes sure no other layer of this pull writes the same place. */
    claim(title, desc) {
        const rel = safeTitle(title);
        for (const [other, digest] of this.claims) {
            if (digest === desc.digest && other === rel)
                return rel;
            if (isWithin(other, rel) || isWithin(rel, other)) {
                throw new oci_errors/* InvalidInputError */.oC(`layers ${digest} ("${other}") and ${desc.digest} ("${rel}") would write the same place in ${this.name}`);
            }
        }
        this.claims.set(rel, desc.digest);
        return rel;
    }
    /**
     * Walks the folders above `rel`, refusing any existing component that is a symlink or a file.
     * With `create`, missing folders are made; without, a missing one returns undefined.
     */
    async walkParents(rel, create) {
        if (create)
            await (0,promises_.mkdir)(this.root, { recursive: true });
        let dir = this.root;
        const parts = rel.split('/').slice(0, -1);
        for (const part of parts) {
            dir = (0,external_node_path_.join)(dir, part);
            const info = await (0,promises_.lstat)(dir).catch(() => undefined);
            if (info?.isSymbolicLink()) {
                throw new oci_errors/* InvalidInputError */.oC(`${dir} is a symlink; refusing to write through it`);
            }
            if (info && !info.isDirectory())
                throw new oci_errors/* OciError */.Mf(`${dir} is a file, not a folder`);
            if (!info && !create)
                return undefined;
            if (!info)
                await (0,promises_.mkdir)(dir).catch((e) => {
                    if (e.code !== 'EEXIST')
                        throw e;
                });
        }
        return dir;
    }
    record(rel, desc, kind, size, unchanged) {
        this.entries.set(rel, { path: this.show(rel), title: rel, kind, size, unchanged });
        this.logger.debug(`${unchanged ? 'up to date' : 'wrote'} ${this.show(rel)} (${desc.digest})`);
    }
    show(rel) {
        return (0,external_node_path_.join)(this.shownRoot, rel);
    }
}
function isUnpack(desc) {
    return desc.annotations?.[ANNOTATION_UNPACK] === 'true';
}

;// CONCATENATED MODULE: ./src/oci/output/sweep.ts
/**
 * Sweeps what a killed pull left behind. SIGINT/SIGTERM remove temporaries at once, but SIGKILL (or a
 * lost machine) cannot be caught: its temp files (`.<name>.<16 hex>.tmp`, see tempPathFor) and
 * unpack staging folders (`.oci-unpack-*`) stay hidden in `output`. The next pull removes those that
 * have not been written for a while, so a live pull into the same folder is never disturbed (an
 * active download writes continuously, and a stalled one is dropped by the idle timeout long before).
 */


/** Names this client gives its temporaries in an output folder. */
const TEMP_NAME = /^\..+\.[0-9a-f]{16}\.tmp$|^\.oci-unpack-[A-Za-z0-9]{6}$/;
/** Default age after which a temporary counts as abandoned. */
const STALE_AFTER_MS = 10 * 60 * 1000;
/** Removes abandoned temporaries directly inside each folder; returns the paths removed. */
async function sweepStaleTemps(folders, olderThanMs = STALE_AFTER_MS, now = Date.now()) {
    const removed = [];
    for (const folder of new Set(folders)) {
        const names = await (0,promises_.readdir)(folder).catch(() => []);
        for (const name of names) {
            if (!TEMP_NAME.test(name))
                continue;
            const path = (0,external_node_path_.join)(folder, name);
            const info = await (0,promises_.stat)(path).catch(() => undefined);
            if (!info || now - info.mtimeMs < olderThanMs)
                continue;
            await (0,promises_.rm)(path, { recursive: true, force: true });
            removed.push(path);
        }
    }
    return removed;
}

;// CONCATENATED MODULE: ./src/oci/output/index.ts
/** The pull side: writing an artifact's files into a folder, safely. */




;// CONCATENATED MODULE: ./src/oci/store/blob-store.ts
/**
 * BlobStore: the local content-addressed blob cache, an OCI image layout (so it is a Target like
 * any other, and `oci-layout:` can read it) with what a cache shared by concurrent runs needs:
 *
 * - Writes as cacache does: into `tmp/` (same filesystem), hashed and counted on the way, then
 *   hard-linked to `blobs/<alg>/<hex>`: the first writer wins, a second finds it there and is done.
 *   A killed run leaves at most a stale temp file, never a wrong blob (stale temps are swept).
 * - Reuse is checked: check() trusts a blob only when its identity (inode, size, mtime, ctime) is
 *   the one recorded when it was verified, else re-hashes it; a corrupt or truncated blob is evicted.
 * - Least-recently-used eviction over a size limit: each use touches `access/<alg>/<hex>` (not the
 *   blob, whose ctime must stay as verified); blobs used within `graceMs` are never evicted, so a
 *   concurrent run does not lose what it is about to read.
 * - `memo.json`: the DigestMemo of files this client hashed (pushed files, pulled output files).
 */











/** Blobs used more recently than this are never evicted (another run may be reading them). */
const DEFAULT_GRACE_MS = 10 * 60 * 1000;
/** Temp files older than this belong to a run that died; they are removed by prune(). */
const STALE_TEMP_MS = 60 * 60 * 1000;
/** The local blob cache (see the module comment). */
class BlobStore extends LayoutTarget {
    memo;
    storeOpts;
    log;
    now;
    constructor(path, memo, storeOpts) {
        super({ path, logger: storeOpts.logger, maxResumes: storeOpts.maxResumes });
        this.memo = memo;
        this.storeOpts = storeOpts;
        this.log = storeOpts.logger ?? silentLogger;
        this.now = storeOpts.now ?? Date.now;
    }
    /**
     * Opens (creating when needed) the store at `path`. Safe against concurrent opens: every file of
     * the layout is created atomically, and one that exists is left alone.
     */
    static async openStore(path, opts = {}) {
        for (const dir of ['blobs/sha256', 'tmp', 'access/sha256']) {
            await (0,promises_.mkdir)((0,external_node_path_.join)(path, dir), { recursive: true });
        }
        await createOnce((0,external_node_path_.join)(path, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }), (0,external_node_path_.join)(path, 'tmp'));
        const index = await (0,promises_.stat)((0,external_node_path_.join)(path, 'index.json')).catch(() => undefined);
        if (!index)
            await writeIndex(path, emptyIndex());
        const memo = await DigestMemo.load((0,external_node_path_.join)(path, 'memo.json'), { now: opts.now });
        return new BlobStore(path, memo, opts);
    }
    /** Stores a blob unless present: verified into `tmp/`, then linked into place (first writer wins). */
    async push(desc, open, pushOpts = {}) {
        const file = this.blobPath(desc.digest);
        if (await this.exists(desc)) {
            await this.touch(desc.digest);
            return 'existed';
        }
        const temp = (0,external_node_path_.join)(this.path, 'tmp', `${(0,oci_digest/* parseDigest */.m)(desc.digest).encoded}.${(0,external_node_crypto_.randomBytes)(8).toString('hex')}`);
        // A SIGINT/SIGTERM before the finally below removes the temp too (cleanup.ts).
        const forgetTemp = (0,cleanup/* removeOnInterrupt */.vY)(temp);
        try {
            await writeTempFile(temp, desc, open, {
                maxResumes: this.storeOpts.maxResumes,
                logger: this.log,
                what: `blob ${desc.digest}`,
                ...pushOpts
            });
            await (0,promises_.mkdir)((0,external_node_path_.join)(file, '..'), { recursive: true });
            const won = await (0,promises_.link)(temp, file).then(() => true, async (e) => {
                if (e.code === 'EEXIST')
                    return false;
                // A filesystem without hard links: rename, which replaces with identical verified bytes.
                await (0,promises_.rename)(temp, file);
                return true;
            });
            // Unlink the temp name before recording: a link count change moves the inode's ctime.
            await (0,promises_.rm)(temp, { force: true });
            if (won) {
                this.memo.set(file, await (0,promises_.stat)(file, { bigint: true }), desc.digest, { trusted: true });
            }
        }
        catch (e) {
            throw explainWriteError(e, file, desc.size);
        }
        finally {
            await (0,promises_.rm)(temp, { force: true });
            forgetTemp();
        }
        await this.touch(desc.digest);
        return 'uploaded';
    }
    /**
     * True when the blob is present and verified: its identity is the one recorded when it was last
     * verified, or it hashes to its digest now. A blob that does not (corrupt, truncated, replaced)
     * is evicted and false is returned, so the caller fetches it again.
     */
    async check(desc) {
        const file = this.blobPath(desc.digest);
        const st = await (0,promises_.stat)(file, { bigint: true }).catch(() => undefined);
        if (!st)
            return false;
        if (!st.isFile() || st.size !== BigInt(desc.size)) {
            await this.evict(desc.digest, `it has ${st.size} bytes, not ${desc.size}`);
            return false;
        }
        if (this.memo.get(file, st) !== desc.digest) {
            const actual = await (0,oci_digest/* digestFile */.TM)(file).catch(() => undefined);
            if (actual?.digest !== desc.digest) {
                await this.evict(desc.digest, 'its content does not match its digest');
                return false;
            }
            this.memo.set(file, st, desc.digest, { trusted: true });
        }
        await this.touch(desc.digest);
        return true;
    }
    /** Removes a blob (and its access record and memo entry). */
    async evict(digest, reason) {
        const file = this.blobPath(digest);
        if (reason)
            this.log.warning(`blob cache: evicting ${digest}: ${reason}; fetching it again`);
        await (0,promises_.rm)(file, { force: true });
        await (0,promises_.rm)(this.accessPath(digest), { force: true });
        this.memo.delete(file);
    }
    /** Records a use of the blob, for least-recently-used eviction. */
    async touch(digest) {
        const marker = this.accessPath(digest);
        const t = new Date(this.now());
        await (0,promises_.utimes)(marker, t, t).catch(async () => {
            await (0,promises_.writeFile)(marker, '').catch(() => undefined);
            await (0,promises_.utimes)(marker, t, t).catch(() => undefined);
        });
    }
    /**
     * Evicts least-recently-used blobs until the store holds at most `maxBytes`, sparing blobs used in
     * the last `graceMs` and those in `keep`; removes temp files left by runs that died.
     */
    async prune(maxBytes, opts = {}) {
        const now = this.now();
        await this.sweepTemp(now);
        const grace = opts.graceMs ?? DEFAULT_GRACE_MS;
        const blobs = [];
        for (const algorithm of await (0,promises_.readdir)((0,external_node_path_.join)(this.path, 'blobs')).catch(() => [])) {
            for (const encoded of await (0,promises_.readdir)((0,external_node_path_.join)(this.path, 'blobs', algorithm)).catch(() => [])) {
                const digest = `${algorithm}:${encoded}`;
                const st = await (0,promises_.stat)((0,external_node_path_.join)(this.path, 'blobs', algorithm, encoded)).catch(() => undefined);
                if (!st?.isFile())
                    continue;
                const marker = await (0,promises_.stat)(this.accessPath(digest)).catch(() => undefined);
                blobs.push({ digest, size: st.size, used: Math.max(st.mtimeMs, marker?.mtimeMs ?? 0) });
            }
        }
        let total = blobs.reduce((n, b) => n + b.size, 0);
        const result = { totalBytes: total, evictedBlobs: 0, evictedBytes: 0 };
        if (total <= maxBytes)
            return result;
        blobs.sort((a, b) => a.used - b.used);
        for (const b of blobs) {
            if (total <= maxBytes)
                break;
            if (opts.keep?.has(b.digest) || now - b.used < grace)
                continue;
            await this.evict(b.digest);
            total -= b.size;
            result.evictedBlobs++;
            result.evictedBytes += b.size;
        }
        result.totalBytes = total;
        return result;
    }
    /**
     * Takes in a blob file from elsewhere (a restored cache archive): verified by digest, then
     * hard-linked into place (copied when on another filesystem). The file is consumed (removed).
     * False when it does not verify.
     */
    async adopt(file, desc) {
        const actual = await (0,oci_digest/* digestFile */.TM)(file).catch(() => undefined);
        if (actual?.digest !== desc.digest || actual.size !== desc.size)
            return false;
        const target = this.blobPath(desc.digest);
        if (await this.exists(desc))
            return true;
        const linked = await (0,promises_.link)(file, target).then(() => true, (e) => e.code === 'EEXIST');
        if (!linked)
            await this.push(desc, async (offset) => (0,external_node_fs_.createReadStream)(file, { start: offset }));
        else {
            // Unlink the other name first: it changes the inode's ctime, which the memo records.
            await (0,promises_.rm)(file, { force: true });
            this.memo.set(target, await (0,promises_.stat)(target, { bigint: true }), desc.digest, { trusted: true });
            await this.touch(desc.digest);
        }
        return true;
    }
    /**
     * Runs `fn` while the blobs are linked (or copied, across filesystems) into `dir` as
     * `blobs/<alg>/<hex>`, then removes `dir`. Linking changes a blob's ctime: the memo entries of
     * blobs that were verified before are renewed afterwards, so the next run does not re-hash them.
     */
    async withExport(dir, descs, fn) {
        const verified = [];
        try {
            for (const d of descs) {
                const file = this.blobPath(d.digest);
                const st = await (0,promises_.stat)(file, { bigint: true }).catch(() => undefined);
                if (!st)
                    continue;
                if (this.memo.get(file, st) === d.digest)
                    verified.push(d.digest);
                const { algorithm, encoded } = (0,oci_digest/* parseDigest */.m)(d.digest);
                const dest = (0,external_node_path_.join)(dir, 'blobs', algorithm, encoded);
                await (0,promises_.mkdir)((0,external_node_path_.join)(dir, 'blobs', algorithm), { recursive: true });
                await (0,promises_.link)(file, dest).catch(async (e) => {
                    if (e.code === 'EEXIST')
                        return;
                    await (0,promises_.copyFile)(file, dest, external_node_fs_.constants.COPYFILE_FICLONE);
                });
            }
            return await fn();
        }
        finally {
            await (0,promises_.rm)(dir, { recursive: true, force: true });
            for (const digest of verified) {
                const file = this.blobPath(digest);
                const st = await (0,promises_.stat)(file, { bigint: true }).catch(() => undefined);
                if (st)
                    this.memo.set(file, st, digest, { trusted: true });
            }
        }
    }
    /** Saves the memo (best effort). */
    async close() {
        await this.memo.save();
    }
    accessPath(digest) {
        const { algorithm, encoded } = (0,oci_digest/* parseDigest */.m)(digest);
        return (0,external_node_path_.join)(this.path, 'access', algorithm, encoded);
    }
    async sweepTemp(now) {
        const dir = (0,external_node_path_.join)(this.path, 'tmp');
        for (const name of await (0,promises_.readdir)(dir).catch(() => [])) {
            const st = await (0,promises_.stat)((0,external_node_path_.join)(dir, name)).catch(() => undefined);
            if (st && now - st.mtimeMs > STALE_TEMP_MS)
                await (0,promises_.rm)((0,external_node_path_.join)(dir, name), { force: true });
        }
    }
}
/** Creates `file` with `content` unless it exists, atomically (a reader never sees half of it). */
async function createOnce(file, content, tempDir) {
    if (await (0,promises_.stat)(file).catch(() => undefined))
        return;
    const temp = (0,external_node_path_.join)(tempDir, `init.${(0,external_node_crypto_.randomBytes)(8).toString('hex')}`);
    try {
        const handle = await (0,promises_.open)(temp, 'wx', 0o644);
        try {
            await handle.writeFile(content);
        }
        finally {
            await handle.close();
        }
        await (0,promises_.link)(temp, file).catch((e) => {
            if (e.code !== 'EEXIST')
                throw e;
        });
    }
    finally {
        await (0,promises_.rm)(temp, { force: true });
    }
}

;// CONCATENATED MODULE: ./src/oci/store/pull-through.ts
/**
 * pullThrough(): a pull through the blob cache. `copy(source → store)` for the layers the output
 * folder does not already have (blobs the store holds, verified, are not fetched), then
 * `copy(store → output)`. Files already in the output with the right digest are never rewritten, and
 * a blob found corrupt in the store is evicted and fetched again, never copied out.
 */



/** Pulls `root` from `source` into `output` through `store` (see the module comment). */
async function pullThrough(source, store, output, root, layers, opts = {}) {
    const concurrency = opts.concurrency ?? 4;
    const wanted = opts.filter ? layers.filter(opts.filter) : [...layers];
    const sources = new Map();
    const needed = [];
    await forEachLimit(wanted, concurrency, async (l) => {
        if (await output.exists(l))
            sources.set(l.digest, 'output');
        else
            needed.push(l);
    });
    const missingFromStore = async () => {
        const missing = [];
        await forEachLimit(needed, concurrency, async (l) => {
            if (!(await store.check(l)))
                missing.push(l);
        });
        return missing;
    };
    let missing = await missingFromStore();
    if (missing.length && opts.beforeFetch) {
        await opts.beforeFetch(missing);
        missing = await missingFromStore();
    }
    const missingSet = new Set(missing.map(l => l.digest));
    const neededSet = new Set(needed.map(l => l.digest));
    for (const l of needed)
        sources.set(l.digest, missingSet.has(l.digest) ? 'registry' : 'cache');
    const fill = await copy(source, store, root, {
        rootContent: opts.rootContent,
        concurrency,
        ranges: opts.ranges,
        filter: l => neededSet.has(l.digest)
    });
    const out = await copy(new StoreFirst(store, source), output, root, {
        rootContent: opts.rootContent ?? { bytes: fill.bytes, parsed: fill.parsed },
        concurrency,
        filter: l => sources.has(l.digest)
    });
    const config = fill.parsed.kind === 'manifest' ? [fill.parsed.manifest.config] : [];
    return {
        sources,
        events: [...fill.events, ...out.events],
        bytes: fill.bytes,
        used: [root, ...config, ...needed]
    };
}
/**
 * Reads from the store, falling back to the source for a blob the store lost meanwhile (another
 * run evicted it): the output verifies every byte whichever side served it.
 */
class StoreFirst {
    store;
    source;
    name;
    constructor(store, source) {
        this.store = store;
        this.source = source;
        this.name = store.name;
    }
    async fetch(desc, offset = 0) {
        try {
            return await this.store.fetch(desc, offset);
        }
        catch (e) {
            if (e instanceof oci_errors/* NotFoundError */.m_)
                return this.source.fetch(desc, offset);
            throw e;
        }
    }
    resolve(reference) {
        return this.store.resolve(reference);
    }
}

;// CONCATENATED MODULE: ./src/oci/store/index.ts
/** The local blob cache: an OCI layout with verified writes, LRU eviction and a digest memo. */




;// CONCATENATED MODULE: ./src/oci/index.ts
/**
 * The registry client's public surface: what the action's commands need, nothing more. Everything
 * else under src/oci is internal. No @actions/* import anywhere below this folder.
 */

















/***/ }),

/***/ 8679:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  $: () => (/* binding */ canonical),
  A: () => (/* binding */ openTarget)
});

// EXTERNAL MODULE: ./src/oci/index.ts + 46 modules
var oci = __webpack_require__(2111);
;// CONCATENATED MODULE: ./src/credentials.ts
/**
 * The credential chain: explicit `username`/`password` for the reference's registry, then the docker
 * config (its credential helper for the host, if it names one, then its `auths`), then
 * `github-token` for ghcr.io, then anonymous. Every secret is masked before use.
 */

const GHCR = 'ghcr.io';
/** Builds the CredentialProvider the registry client asks when a registry challenges. */
function credentialChain(src) {
    if (src.password) {
        src.mask(src.password);
        if (src.username)
            src.mask(Buffer.from(`${src.username}:${src.password}`).toString('base64'));
    }
    if (src.githubToken)
        src.mask(src.githubToken);
    const told = new Set();
    const tell = (host, from) => {
        if (told.has(host))
            return;
        told.add(host);
        src.log?.(`Credentials for ${host}: ${from}`);
    };
    let configPromise;
    return async (host) => {
        if (src.username && src.password && (!src.explicitHost || src.explicitHost === host)) {
            tell(host, 'username/password inputs');
            return { username: src.username, password: src.password };
        }
        const path = (0,oci/* dockerConfigPath */.Q1)(src.env ?? process.env);
        configPromise ??= (0,oci/* readDockerConfig */.TO)(path);
        const config = await configPromise;
        const helper = config ? (0,oci/* credentialHelperFor */.jQ)(config, host) : undefined;
        if (helper) {
            const env = src.env ?? process.env;
            const fromHelper = await (0,oci/* runCredentialHelper */.Zz)(helper, host, {
                env,
                ...(src.helperTimeoutMs ? { timeoutMs: src.helperTimeoutMs } : {})
            });
            if (fromHelper) {
                for (const s of [fromHelper.password, fromHelper.identityToken])
                    if (s)
                        src.mask(s);
                if (fromHelper.username && fromHelper.password) {
                    src.mask(Buffer.from(`${fromHelper.username}:${fromHelper.password}`).toString('base64'));
                }
                tell(host, `docker credential helper docker-credential-${helper}`);
                return fromHelper;
            }
        }
        const fromConfig = config ? (0,oci/* credentialFromDockerConfig */.MS)(config, host) : undefined;
        if (fromConfig) {
            for (const s of [fromConfig.password, fromConfig.identityToken, fromConfig.registryToken])
                if (s)
                    src.mask(s);
            if (fromConfig.username && fromConfig.password) {
                src.mask(Buffer.from(`${fromConfig.username}:${fromConfig.password}`).toString('base64'));
            }
            tell(host, `docker config ${path}`);
            return fromConfig;
        }
        if (host === GHCR && src.githubToken) {
            tell(host, 'github-token');
            // GHCR accepts any non-empty username with a token as the password.
            return {
                username: (src.env ?? process.env).GITHUB_ACTOR || 'github-actions',
                password: src.githubToken
            };
        }
        tell(host, 'anonymous');
        return undefined;
    };
}

;// CONCATENATED MODULE: ./src/targets.ts
/**
 * Opens the Target a reference names: a registry repository (with the credential chain) or an
 * on-disk OCI image layout. Commands never branch on the transport beyond this point.
 */


/**
 * Opens the target. `forWriting` (a push or copy destination) creates a missing OCI layout folder,
 * and has a registry ask for push access from its first request on.
 */
async function openTarget(ref, req, ctx, forWriting, 
/** The registry the username/password inputs belong to (default: this reference's). */
explicitHost) {
    if (ref.kind === 'layout') {
        const target = await oci/* LayoutTarget */.el.open(ref.ref.path, { create: forWriting, logger: ctx.logger });
        return {
            target,
            base: `oci-layout:${ref.ref.path}`,
            tag: ref.ref.tag,
            digest: ref.ref.digest,
            kind: 'layout'
        };
    }
    const credentials = credentialChain({
        explicitHost: explicitHost ?? ref.ref.registry,
        username: req.username,
        password: req.password,
        githubToken: req.githubToken,
        mask: ctx.mask,
        log: m => ctx.logger.info(m)
    });
    const target = new oci/* RegistryTarget */.xj({
        reference: ref.ref,
        credentials,
        plainHttp: req.plainHttp,
        logger: ctx.logger,
        onSecret: ctx.mask,
        userAgent: ctx.userAgent,
        forWriting
    });
    return {
        target,
        base: (0,oci/* formatReference */.FH)({ registry: ref.ref.registry, repository: ref.ref.repository }),
        tag: ref.ref.tag,
        digest: ref.ref.digest,
        kind: 'registry'
    };
}
/** The canonical `base@digest` form of a pushed or pulled manifest. */
function canonical(t, digest) {
    return `${t.base}@${digest}`;
}


/***/ })

};
