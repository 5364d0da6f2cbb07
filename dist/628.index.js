export const id = 628;
export const ids = [628];
export const modules = {

/***/ 6664:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Xr: () => (/* reexport */ cacheKeys),
  UE: () => (/* binding */ closeBlobCache),
  is: () => (/* binding */ openBlobCache),
  $V: () => (/* binding */ restoreBetweenRuns),
  cs: () => (/* binding */ saveBetweenRuns)
});

// UNUSED EXPORTS: DEFAULT_CACHE_MAX_BYTES

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/oci/index.ts + 46 modules
var oci = __webpack_require__(2111);
;// CONCATENATED MODULE: ./src/cache/service.ts
let announced = false;
/**
 * The Actions cache service, or undefined (said once in the log) when this run has none: a local
 * run, a GHES instance without the cache, a test.
 */
async function actionsCacheService(logger) {
    const env = process.env;
    const configured = Boolean(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL);
    const cache = configured ? await Promise.all(/* import() */[__webpack_require__.e(88), __webpack_require__.e(691)]).then(__webpack_require__.bind(__webpack_require__, 1691)) : undefined;
    if (!cache?.isFeatureAvailable()) {
        if (!announced) {
            logger.info('blob cache: the Actions cache service is not available here (local run, or GHES without it); using the runner tool cache only');
        }
        announced = true;
        return undefined;
    }
    return {
        restore: (paths, key, restoreKeys) => cache.restoreCache(paths, key, restoreKeys),
        save: async (paths, key) => {
            await cache.saveCache(paths, key);
        }
    };
}

;// CONCATENATED MODULE: ./src/cache/tool-cache.ts
/**
 * Where the blob store lives: the runner's tool cache, in its folder convention
 * (`$RUNNER_TOOL_CACHE/<tool>/<version>/<arch>` with a `<arch>.complete` marker), so it persists on
 * self-hosted runners and is shared by the runs of one machine.
 */



/** The tool name and version the store is filed under; the version changes with its format. */
const STORE_TOOL = 'oci-model-action-blobs';
const STORE_VERSION = '1.0.0';
/** The store folder, found or created; undefined when the runner has no tool cache. */
async function storeFolder() {
    const root = process.env.RUNNER_TOOL_CACHE;
    if (!root)
        return undefined;
    const tc = await Promise.all(/* import() */[__webpack_require__.e(88), __webpack_require__.e(805)]).then(__webpack_require__.bind(__webpack_require__, 9805));
    const found = tc.find(STORE_TOOL, STORE_VERSION);
    if (found)
        return found;
    const dir = (0,external_node_path_.join)(root, STORE_TOOL, STORE_VERSION, (0,external_node_os_.arch)());
    await (0,promises_.mkdir)(dir, { recursive: true });
    // The marker tool-cache's find() looks for; concurrent creators write the same empty file.
    await (0,promises_.writeFile)(`${dir}.complete`, '');
    return dir;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/cache/keys.ts
/**
 * Keys of the between-runs cache (@actions/cache). A pull saves under a key naming the repository,
 * the manifest digest and the `include` selection, and restores with that key first, then any key
 * of the same manifest (another selection), then any key of the repository (an older version, whose
 * unchanged shards are reused). `@` separates the parts: it cannot appear in a repository name, so
 * the prefix of `acme/model` never matches `acme/model-large`.
 */

/** Bump to start afresh when the archive's layout changes. */
const VERSION = 'v1';
/** Keys for a pull of `digest` from `registry/repository` with the given `include` patterns. */
function cacheKeys(registry, repository, digest, include) {
    const selection = include.length === 0
        ? 'all'
        : (0,external_node_crypto_.createHash)('sha256')
            .update(JSON.stringify([...include].sort()))
            .digest('hex')
            .slice(0, 16);
    const repo = `oci-model-action-${VERSION}@${registry}/${repository}@`;
    return {
        key: `${repo}${digest}@${selection}`,
        restoreKeys: [`${repo}${digest}@`, repo]
    };
}

;// CONCATENATED MODULE: ./src/cache/index.ts
/**
 * The blob cache around the local store (src/oci/store): where it lives (the runner tool cache), and
 * how it travels between hosted runs (@actions/cache, restored before the fetch and saved at the end
 * of the step). Without the cache service the action works the same, with the tool cache only.
 */







/** Default size limit of the store (input `cache-max-size`). */
const DEFAULT_CACHE_MAX_BYTES = (/* unused pure expression or super */ null && (10 * 1024 ** 3));
/** Opens the store in the tool cache; undefined (said in the log) when the runner has none. */
async function openBlobCache(opts) {
    const folder = await storeFolder();
    if (!folder) {
        opts.logger.info('blob cache: RUNNER_TOOL_CACHE is not set; running without the blob cache');
        return undefined;
    }
    const store = await oci/* BlobStore */.lb.openStore(folder, { logger: opts.logger });
    const service = opts.service === null ? undefined : (opts.service ?? (await actionsCacheService(opts.logger)));
    opts.logger.debug(`blob cache: ${folder}`);
    return { store, maxBytes: opts.maxBytes, service, logger: opts.logger };
}
/** The folder the between-runs archive is restored into and saved from (a fixed path: it is part of the cache version). */
function transferFolder() {
    return (0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'oci-model-action-cache');
}
/**
 * Restores the archive of the best matching key and adopts its blobs into the store (each verified
 * by digest). Never fails the pull: a broken restore is a warning. Returns the key that hit.
 */
async function restoreBetweenRuns(cache, keys, wanted) {
    if (!cache.service)
        return undefined;
    const dir = transferFolder();
    const byDigest = new Map(wanted.map(d => [d.digest, d]));
    try {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
        const hit = await cache.service.restore([dir], keys.key, keys.restoreKeys);
        if (!hit) {
            cache.logger.info('blob cache: no earlier run saved blobs of this repository');
            return undefined;
        }
        let adopted = 0;
        for (const algorithm of await (0,promises_.readdir)((0,external_node_path_.join)(dir, 'blobs')).catch(() => [])) {
            for (const encoded of await (0,promises_.readdir)((0,external_node_path_.join)(dir, 'blobs', algorithm))) {
                const desc = byDigest.get(`${algorithm}:${encoded}`);
                if (!desc || !(0,oci/* isDigest */.Bc)(desc.digest))
                    continue;
                if (await cache.store.adopt((0,external_node_path_.join)(dir, 'blobs', algorithm, encoded), desc))
                    adopted++;
                else
                    cache.logger.warning(`blob cache: restored ${desc.digest} does not verify; ignored`);
            }
        }
        cache.logger.info(`blob cache: restored ${adopted} blob(s) of this pull from cache key ${hit}`);
        return hit;
    }
    catch (e) {
        cache.logger.warning(`blob cache: restore failed (${e.message}); pulling without it`);
        return undefined;
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}
/** Saves the blobs of this pull under the primary key. Never fails the pull. */
async function saveBetweenRuns(cache, keys, blobs) {
    if (!cache.service)
        return;
    const service = cache.service;
    const dir = transferFolder();
    try {
        await cache.store.withExport(dir, blobs, () => service.save([dir], keys.key));
        cache.logger.info(`blob cache: saved ${blobs.length} blob(s) under cache key ${keys.key}`);
    }
    catch (e) {
        cache.logger.warning(`blob cache: save failed (${e.message})`);
    }
}
/** Evicts least-recently-used blobs over the limit (sparing `keep`) and saves the memo. */
async function closeBlobCache(cache, keep = []) {
    try {
        const r = await cache.store.prune(cache.maxBytes, { keep: new Set(keep.map(d => d.digest)) });
        if (r.evictedBlobs) {
            cache.logger.info(`blob cache: evicted ${r.evictedBlobs} least recently used blob(s) (${r.evictedBytes} bytes) to stay under ${cache.maxBytes} bytes`);
        }
    }
    catch (e) {
        cache.logger.warning(`blob cache: eviction failed (${e.message})`);
    }
    await cache.store.close();
}


/***/ }),

/***/ 8628:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  push: () => (/* binding */ push)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __webpack_require__(8422);
;// CONCATENATED MODULE: ./src/annotation-file.ts
/**
 * The oras annotation file: JSON whose keys are `$manifest`, `$config`, or a file's title, each
 * mapping to string annotations (oras `--annotation-file`).
 */


/** Reads and validates an annotation file; every error names the input. */
function readAnnotationFile(path) {
    let doc;
    try {
        doc = JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
    }
    catch (e) {
        throw new inputs/* InputError */.dz('annotation-file', `"${path}" is not valid JSON: ${e.message}`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
        throw new inputs/* InputError */.dz('annotation-file', `"${path}" must be a JSON object of {"$manifest"|"$config"|title: {key: value}}`);
    }
    const out = { manifest: {}, config: {}, files: new Map() };
    for (const [key, value] of Object.entries(doc)) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
            throw new inputs/* InputError */.dz('annotation-file', `"${key}" must map to an object of string annotations`);
        }
        for (const [k, v] of Object.entries(value)) {
            if (typeof v !== 'string')
                throw new inputs/* InputError */.dz('annotation-file', `"${key}"."${k}" must be a string`);
        }
        const map = value;
        if (key === '$manifest')
            out.manifest = map;
        else if (key === '$config')
            out.config = map;
        else
            out.files.set(key, map);
    }
    return out;
}

// EXTERNAL MODULE: ./src/cache/index.ts + 3 modules
var src_cache = __webpack_require__(6664);
// EXTERNAL MODULE: ./src/oci/index.ts + 46 modules
var oci = __webpack_require__(2111);
;// CONCATENATED MODULE: ./src/provenance.ts
/**
 * Provenance annotations recorded on pushed manifests when running in GitHub Actions. GHCR links a
 * package to its repository through `org.opencontainers.image.source`.
 */
/** SOURCE_DATE_EPOCH (whole seconds since 1970) as a Date, or undefined when unset or invalid. */
function sourceDate(env) {
    const epoch = env.SOURCE_DATE_EPOCH?.trim();
    return epoch && /^\d{1,12}$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
}
/**
 * The time `created` records: SOURCE_DATE_EPOCH when set (the reproducible-builds convention that
 * docker buildx also follows), so that pushing the same model again makes the same manifest and
 * finds it already there; else now.
 */
function createdTime(env = process.env, now = new Date()) {
    return sourceDate(env) ?? now;
}
/** True when `created` will be this run's clock time (no SOURCE_DATE_EPOCH). */
function createdIsNow(env = process.env) {
    return sourceDate(env) === undefined;
}
/** Annotations derived from the GITHUB_* environment; empty outside Actions. */
function provenanceAnnotations(env = process.env, now = new Date()) {
    if (env.GITHUB_ACTIONS !== 'true')
        return {};
    const out = {
        'org.opencontainers.image.created': createdTime(env, now)
            .toISOString()
            .replace(/\.\d{3}Z$/, 'Z')
    };
    if (env.GITHUB_REPOSITORY) {
        out['org.opencontainers.image.source'] =
            `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}`;
    }
    if (env.GITHUB_SHA)
        out['org.opencontainers.image.revision'] = env.GITHUB_SHA;
    return out;
}

// EXTERNAL MODULE: ./src/result.ts
var src_result = __webpack_require__(1666);
// EXTERNAL MODULE: ./src/targets.ts + 1 modules
var targets = __webpack_require__(8679);
;// CONCATENATED MODULE: ./src/commands/push.ts
/**
 * push: files and folders → one artifact manifest → the target, then the tags. Blobs the target has
 * are not re-sent; tags are written only after every blob and the manifest are in place, so a failed
 * push leaves the old tag untouched.
 */










const TITLE = 'org.opencontainers.image.title';
const CREATED = 'org.opencontainers.image.created';
/** Runs a push and reports what moved. */
async function push(req, ctx) {
    const tempDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'oci-model-push-'));
    // The cache's memo: files unchanged since they were last hashed on this runner are not read again.
    const cache = req.cache
        ? await (0,src_cache/* openBlobCache */.is)({ maxBytes: req.cacheMaxSize, logger: ctx.logger, service: null })
        : undefined;
    const memo = cache?.store.memo;
    try {
        const packed = await (0,oci/* packFiles */.Po)(req.files, { tempDir, concurrency: req.concurrency, memo });
        const annotationFile = req.annotationFile ? readAnnotationFile(req.annotationFile) : undefined;
        if (annotationFile) {
            const titles = new Set(packed.map(p => p.descriptor.annotations?.[TITLE]));
            for (const [title] of annotationFile.files) {
                if (!titles.has(title)) {
                    throw new inputs/* InputError */.dz('annotation-file', `"${title}" matches no pushed file title (titles: ${[...titles].join(', ')})`);
                }
            }
            for (const p of packed) {
                const extra = annotationFile.files.get(p.descriptor.annotations?.[TITLE] ?? '');
                if (extra)
                    p.descriptor.annotations = { ...p.descriptor.annotations, ...extra };
            }
        }
        const layers = packed.map(p => p.descriptor);
        const config = req.config
            ? await (0,oci/* packConfig */.qp)(req.config.path, req.config.mediaType ?? oci/* OCI_CONFIG */.TF, memo)
            : undefined;
        if (config && annotationFile && Object.keys(annotationFile.config).length) {
            config.descriptor.annotations = { ...annotationFile.config };
        }
        const provenance = provenanceAnnotations();
        const annotations = {
            ...provenance,
            ...annotationFile?.manifest,
            ...req.annotations
        };
        const built = (0,oci/* buildManifest */.u1)({
            layers,
            config: config?.descriptor,
            artifactType: req.artifactType ?? (config ? undefined : oci/* MODEL_ARTIFACT_TYPE */.Uq),
            annotations,
            imageSpec: req.imageSpec
        });
        const source = new oci/* FileSource */._n(config ? [...packed, config] : packed, [
            { descriptor: built.descriptor, bytes: built.bytes }
        ]);
        const dest = await (0,targets/* openTarget */.A)(req.target, req, ctx, true);
        const tags = [dest.tag ?? 'latest', ...req.tags.filter(t => t !== dest.tag)];
        // In Actions `created` is this run's time, unless annotations or SOURCE_DATE_EPOCH fix it.
        const stampedNow = provenance[CREATED] !== undefined &&
            annotations[CREATED] === provenance[CREATED] &&
            createdIsNow();
        // The first tag stores the manifest (one PUT, after every blob); the others only point at it.
        // When every tag already names this manifest, the push ends after those checks.
        const result = await (0,oci/* copy */.C)(source, dest.target, built.descriptor, {
            concurrency: req.concurrency,
            dryRun: req.dryRun,
            tags,
            logger: ctx.logger,
            // A manifest stamped with this run's time cannot be there yet: checking would only cost a
            // round trip.
            checkUpToDate: !stampedNow
        });
        if (result.upToDate) {
            ctx.logger.info(`${dest.base}: ${tags.join(', ')} already point at ${built.descriptor.digest}; nothing to upload`);
        }
        const totals = (0,src_result/* byteTotals */.g)(layers, result.events);
        const hashedFiles = config ? [...packed, config] : packed;
        return {
            cache: {
                enabled: Boolean(memo),
                hashed: hashedFiles.reduce((n, p) => n + (p.remembered ? 0 : p.descriptor.size), 0),
                remembered: hashedFiles.reduce((n, p) => n + (p.remembered ? p.descriptor.size : 0), 0)
            },
            verb: req.dryRun ? 'Would push' : 'Pushed',
            digest: built.descriptor.digest,
            reference: (0,targets/* canonical */.$)(dest, built.descriptor.digest),
            mediaType: built.descriptor.mediaType,
            artifactType: built.manifest.artifactType ??
                (req.imageSpec === 'v1.0' ? built.manifest.config.mediaType : undefined),
            tags,
            manifest: built.bytes.toString('utf8'),
            size: built.bytes.length + built.manifest.config.size + layers.reduce((n, l) => n + l.size, 0),
            rows: (0,src_result/* rowsFromEvents */.h)(layers, result.events, {
                transferred: req.dryRun ? 'would upload' : 'uploaded',
                skipped: 'already there',
                mounted: 'mounted',
                filtered: 'filtered'
            }),
            dryRun: req.dryRun,
            upToDate: result.upToDate,
            transferredBytes: totals.transferred,
            skippedBytes: totals.skipped
        };
    }
    finally {
        if (memo)
            await memo.save();
        await (0,promises_.rm)(tempDir, { recursive: true, force: true });
    }
}


/***/ }),

/***/ 1666:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ byteTotals),
/* harmony export */   h: () => (/* binding */ rowsFromEvents)
/* harmony export */ });
/** Builds summary rows from copy events (layers only; config and manifests are not files). */
function rowsFromEvents(layers, events, names) {
    const byDigest = new Map(events.filter(e => !e.manifest).map(e => [e.descriptor.digest, e.action]));
    return layers.map(l => ({
        name: l.annotations?.['org.opencontainers.image.title'] ?? l.digest,
        size: l.size,
        mediaType: l.mediaType,
        digest: l.digest,
        action: names[byDigest.get(l.digest) ?? 'skipped']
    }));
}
/** Sums the bytes of the layers' events by action (configs and manifests are not counted). */
function byteTotals(layers, events) {
    const digests = new Set(layers.map(l => l.digest));
    let transferred = 0;
    let skipped = 0;
    for (const e of events) {
        if (e.manifest || !digests.has(e.descriptor.digest))
            continue;
        if (e.action === 'transferred')
            transferred += e.descriptor.size;
        else if (e.action === 'skipped' || e.action === 'mounted')
            skipped += e.descriptor.size;
    }
    return { transferred, skipped };
}


/***/ })

};
