/* @ts-self-types="./govshare_wasm.d.ts" */

/**
 * A structurally valid sharing application.
 */
export class Application {
    static __wrap(ptr) {
        const obj = Object.create(Application.prototype);
        obj.__wbg_ptr = ptr;
        ApplicationFinalization.register(obj, obj.__wbg_ptr, obj);
        return obj;
    }
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        ApplicationFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_application_free(ptr, 0);
    }
    /**
     * The canonical (RFC 8785) JSON form.
     * @returns {string}
     */
    canonicalJson() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.application_canonicalJson(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * Canonical form with SHA-256 and SM3 digests.
     * @returns {CanonicalDigests}
     */
    digests() {
        const ret = wasm.application_digests(this.__wbg_ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * The data, as a plain `ApplicationDraft` (to edit and rebuild).
     * @returns {ApplicationDraft}
     */
    draft() {
        const ret = wasm.application_draft(this.__wbg_ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Parses the JSON form strictly (duplicate and unknown keys refused).
     * @param {string} text
     * @returns {Application}
     */
    static fromJson(text) {
        const ptr0 = passStringToWasm0(text, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.application_fromJson(ptr0, len0);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return Application.__wrap(ret[0]);
    }
    /**
     * The JSON form.
     * @returns {string}
     */
    toJson() {
        let deferred2_0;
        let deferred2_1;
        try {
            const ret = wasm.application_toJson(this.__wbg_ptr);
            var ptr1 = ret[0];
            var len1 = ret[1];
            if (ret[3]) {
                ptr1 = 0; len1 = 0;
                throw takeFromExternrefTable0(ret[2]);
            }
            deferred2_0 = ptr1;
            deferred2_1 = len1;
            return getStringFromWasm0(ptr1, len1);
        } finally {
            wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
        }
    }
}
if (Symbol.dispose) Application.prototype[Symbol.dispose] = Application.prototype.free;

/**
 * Appends to a hash-chained audit log. Sans-IO: `append` returns the line to
 * write (no newline); keep `head` elsewhere to detect truncation later.
 */
export class AuditLog {
    static __wrap(ptr) {
        const obj = Object.create(AuditLog.prototype);
        obj.__wbg_ptr = ptr;
        AuditLogFinalization.register(obj, obj.__wbg_ptr, obj);
        return obj;
    }
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        AuditLogFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_auditlog_free(ptr, 0);
    }
    /**
     * Appends an entry signed with `key`; returns its line.
     * @param {AuditEvent | string} event
     * @param {Key} key
     * @returns {string}
     */
    appendSigned(event, key) {
        let deferred2_0;
        let deferred2_1;
        try {
            _assertClass(key, Key);
            const ret = wasm.auditlog_appendSigned(this.__wbg_ptr, event, key.__wbg_ptr);
            var ptr1 = ret[0];
            var len1 = ret[1];
            if (ret[3]) {
                ptr1 = 0; len1 = 0;
                throw takeFromExternrefTable0(ret[2]);
            }
            deferred2_0 = ptr1;
            deferred2_1 = len1;
            return getStringFromWasm0(ptr1, len1);
        } finally {
            wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
        }
    }
    /**
     * Appends an unsigned entry (an `AuditEvent` or its JSON text); returns its line.
     * @param {AuditEvent | string} event
     * @returns {string}
     */
    append(event) {
        let deferred2_0;
        let deferred2_1;
        try {
            const ret = wasm.auditlog_append(this.__wbg_ptr, event);
            var ptr1 = ret[0];
            var len1 = ret[1];
            if (ret[3]) {
                ptr1 = 0; len1 = 0;
                throw takeFromExternrefTable0(ret[2]);
            }
            deferred2_0 = ptr1;
            deferred2_1 = len1;
            return getStringFromWasm0(ptr1, len1);
        } finally {
            wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
        }
    }
    /**
     * Hash of the last entry (64 zeros when empty).
     * @returns {string}
     */
    get head() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.auditlog_head(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * A new, empty log.
     */
    constructor() {
        const ret = wasm.auditlog_new();
        this.__wbg_ptr = ret;
        AuditLogFinalization.register(this, this.__wbg_ptr, this);
        return this;
    }
    /**
     * Entries so far (= the next sequence number).
     * @returns {number}
     */
    get nextSeq() {
        const ret = wasm.auditlog_nextSeq(this.__wbg_ptr);
        return ret;
    }
    /**
     * Continues a log from its text or bytes (reads the last entry).
     * @param {string | Uint8Array} log
     * @returns {AuditLog}
     */
    static resume(log) {
        const ret = wasm.auditlog_resume(log);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return AuditLog.__wrap(ret[0]);
    }
}
if (Symbol.dispose) AuditLog.prototype[Symbol.dispose] = AuditLog.prototype.free;

/**
 * Verifies whole logs: hashes, links, sequence, signatures, kept head.
 */
export class AuditVerifier {
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        AuditVerifierFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_auditverifier_free(ptr, 0);
    }
    /**
     * Accepts signatures by `key` (its public half is kept; HMAC: the secret).
     * @param {Key} key
     */
    addKey(key) {
        _assertClass(key, Key);
        const ret = wasm.auditverifier_addKey(this.__wbg_ptr, key.__wbg_ptr);
        if (ret[1]) {
            throw takeFromExternrefTable0(ret[0]);
        }
    }
    /**
     * A head hash kept earlier: the log must still contain it.
     * @param {string | null} [head]
     */
    expectHead(head) {
        var ptr0 = isLikeNone(head) ? 0 : passStringToWasm0(head, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        var len0 = WASM_VECTOR_LEN;
        wasm.auditverifier_expectHead(this.__wbg_ptr, ptr0, len0);
    }
    constructor() {
        const ret = wasm.auditverifier_new();
        this.__wbg_ptr = ret;
        AuditVerifierFinalization.register(this, this.__wbg_ptr, this);
        return this;
    }
    /**
     * Every entry must be signed by a known key.
     * @param {boolean} required
     */
    requireSignatures(required) {
        wasm.auditverifier_requireSignatures(this.__wbg_ptr, required);
    }
    /**
     * The verdict; never throws for a bad log (problems are reported).
     * @param {string | Uint8Array} log
     * @returns {AuditVerification}
     */
    verify(log) {
        const ret = wasm.auditverifier_verify(this.__wbg_ptr, log);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
}
if (Symbol.dispose) AuditVerifier.prototype[Symbol.dispose] = AuditVerifier.prototype.free;

/**
 * A loaded, indexed catalog.
 */
export class Catalog {
    static __wrap(ptr) {
        const obj = Object.create(Catalog.prototype);
        obj.__wbg_ptr = ptr;
        CatalogFinalization.register(obj, obj.__wbg_ptr, obj);
        return obj;
    }
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        CatalogFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_catalog_free(ptr, 0);
    }
    /**
     * Applies a delta (bytes or string); on any error the catalog is unchanged.
     * @param {string | Uint8Array} delta
     * @returns {DeltaOutcome}
     */
    applyDelta(delta) {
        const ret = wasm.catalog_applyDelta(this.__wbg_ptr, delta);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Loads a catalog document with explicit limits (`LoadOptions`).
     * @param {string | Uint8Array} input
     * @param {LoadOptions} options
     * @returns {Catalog}
     */
    static fromJsonWith(input, options) {
        const ret = wasm.catalog_fromJsonWith(input, options);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return Catalog.__wrap(ret[0]);
    }
    /**
     * Loads a catalog document from a `Uint8Array` (preferred for large
     * catalogs: V8 caps one string near 512 MiB) or a string.
     * @param {string | Uint8Array} input
     * @returns {Catalog}
     */
    static fromJson(input) {
        const ret = wasm.catalog_fromJson(input);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return Catalog.__wrap(ret[0]);
    }
    /**
     * Loads a binary snapshot made by `toSnapshot` (much faster than indexing).
     * @param {Uint8Array | number[]} bytes
     * @returns {Catalog}
     */
    static fromSnapshot(bytes) {
        const ptr0 = passArray8ToWasm0(bytes, wasm.__wbindgen_malloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.catalog_fromSnapshot(ptr0, len0);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return Catalog.__wrap(ret[0]);
    }
    /**
     * Id, name, version, publication date.
     * @returns {CatalogInfo}
     */
    info() {
        const ret = wasm.catalog_info(this.__wbg_ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * True when the bytes start like a snapshot (rather than JSON).
     * @param {Uint8Array | number[]} bytes
     * @returns {boolean}
     */
    static isSnapshot(bytes) {
        const ptr0 = passArray8ToWasm0(bytes, wasm.__wbindgen_malloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.catalog_isSnapshot(ptr0, len0);
        return ret !== 0;
    }
    /**
     * Which resources carry a data item, and who is its authoritative source.
     * @param {string} name
     * @returns {ItemQueryResult}
     */
    item(name) {
        const ptr0 = passStringToWasm0(name, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.catalog_item(this.__wbg_ptr, ptr0, len0);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Lint findings, in a stable order.
     * @returns {LintFinding[]}
     */
    lint() {
        const ret = wasm.catalog_lint(this.__wbg_ptr);
        if (ret[3]) {
            throw takeFromExternrefTable0(ret[2]);
        }
        var v1 = getArrayJsValueFromWasm0(ret[0], ret[1]);
        wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
        return v1;
    }
    /**
     * A resource by code, or `undefined`.
     * @param {string} code
     * @returns {Resource | undefined}
     */
    resource(code) {
        const ptr0 = passStringToWasm0(code, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.catalog_resource(this.__wbg_ptr, ptr0, len0);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * The bundled sample catalog (≈200 resources), already loaded.
     * @returns {Catalog}
     */
    static sample() {
        const ret = wasm.catalog_sample();
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return Catalog.__wrap(ret[0]);
    }
    /**
     * Full-text search with exact filters, facets and paging.
     * @param {SearchQuery} query
     * @returns {SearchResult}
     */
    search(query) {
        const ret = wasm.catalog_search(this.__wbg_ptr, query);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Number of resources.
     * @returns {number}
     */
    get size() {
        const ret = wasm.catalog_size(this.__wbg_ptr);
        return ret;
    }
    /**
     * Sizes: resources, items, distinct names, terms, memory.
     * @returns {CatalogStats}
     */
    stats() {
        const ret = wasm.catalog_stats(this.__wbg_ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * The catalog as a JSON document (UTF-8 bytes).
     * @returns {Uint8Array}
     */
    toJson() {
        const ret = wasm.catalog_toJson(this.__wbg_ptr);
        return ret;
    }
    /**
     * The binary snapshot of this catalog.
     * @returns {Uint8Array}
     */
    toSnapshot() {
        const ret = wasm.catalog_toSnapshot(this.__wbg_ptr);
        return ret;
    }
}
if (Symbol.dispose) Catalog.prototype[Symbol.dispose] = Catalog.prototype.free;

/**
 * Loads a catalog pushed in chunks (a stream, a file read piece by piece),
 * holding at most one resource's JSON at a time besides the index.
 */
export class CatalogLoader {
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        CatalogLoaderFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_catalogloader_free(ptr, 0);
    }
    /**
     * Ends the document and builds the index. The loader is consumed.
     * @returns {Catalog}
     */
    finish() {
        const ptr = this.__destroy_into_raw();
        const ret = wasm.catalogloader_finish(ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return Catalog.__wrap(ret[0]);
    }
    /**
     * A loader; `totalBytes` (optional) is only reported back in progress.
     * @param {number | null} [total_bytes]
     */
    constructor(total_bytes) {
        const ret = wasm.catalogloader_new(!isLikeNone(total_bytes), isLikeNone(total_bytes) ? 0 : total_bytes);
        this.__wbg_ptr = ret;
        CatalogLoaderFinalization.register(this, this.__wbg_ptr, this);
        return this;
    }
    /**
     * Feeds the next chunk (64 KiB or more is best); returns the progress so far.
     * @param {Uint8Array | number[]} chunk
     * @returns {LoadProgress}
     */
    push(chunk) {
        const ptr0 = passArray8ToWasm0(chunk, wasm.__wbindgen_malloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.catalogloader_push(this.__wbg_ptr, ptr0, len0);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
}
if (Symbol.dispose) CatalogLoader.prototype[Symbol.dispose] = CatalogLoader.prototype.free;

/**
 * Several catalogs (e.g. the national one and a province's) searched as one.
 */
export class CatalogSet {
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        CatalogSetFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_catalogset_free(ptr, 0);
    }
    /**
     * Adds a catalog (the JS object is consumed); its id must be new.
     * @param {Catalog} catalog
     */
    add(catalog) {
        _assertClass(catalog, Catalog);
        var ptr0 = catalog.__destroy_into_raw();
        const ret = wasm.catalogset_add(this.__wbg_ptr, ptr0);
        if (ret[1]) {
            throw takeFromExternrefTable0(ret[0]);
        }
    }
    /**
     * Applies a delta to the catalog it names.
     * @param {string | Uint8Array} delta
     * @returns {DeltaOutcome}
     */
    applyDelta(delta) {
        const ret = wasm.catalogset_applyDelta(this.__wbg_ptr, delta);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Resource codes present in more than one catalog (never merged silently).
     * @returns {CodeConflict[]}
     */
    conflicts() {
        const ret = wasm.catalogset_conflicts(this.__wbg_ptr);
        if (ret[3]) {
            throw takeFromExternrefTable0(ret[2]);
        }
        var v1 = getArrayJsValueFromWasm0(ret[0], ret[1]);
        wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
        return v1;
    }
    /**
     * Ids of the catalogs, sorted.
     * @returns {string[]}
     */
    ids() {
        const ret = wasm.catalogset_ids(this.__wbg_ptr);
        var v1 = getArrayJsValueFromWasm0(ret[0], ret[1]);
        wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
        return v1;
    }
    /**
     * Item query over all catalogs.
     * @param {string} name
     * @returns {ItemQueryResult}
     */
    item(name) {
        const ptr0 = passStringToWasm0(name, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.catalogset_item(this.__wbg_ptr, ptr0, len0);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    constructor() {
        const ret = wasm.catalogset_new();
        this.__wbg_ptr = ret;
        CatalogSetFinalization.register(this, this.__wbg_ptr, this);
        return this;
    }
    /**
     * One search over all catalogs; each hit names its `catalog`.
     * @param {SearchQuery} query
     * @returns {SearchResult}
     */
    search(query) {
        const ret = wasm.catalogset_search(this.__wbg_ptr, query);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
}
if (Symbol.dispose) CatalogSet.prototype[Symbol.dispose] = CatalogSet.prototype.free;

/**
 * A signing or verification key (private, public, or an HMAC secret).
 * Secret material never appears in `toString()` or in errors.
 */
export class Key {
    static __wrap(ptr) {
        const obj = Object.create(Key.prototype);
        obj.__wbg_ptr = ptr;
        KeyFinalization.register(obj, obj.__wbg_ptr, obj);
        return obj;
    }
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        KeyFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_key_free(ptr, 0);
    }
    /**
     * @returns {Algorithm}
     */
    get algorithm() {
        const ret = wasm.key_algorithm(this.__wbg_ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * From DER bytes (PKCS#8, SPKI, SEC1, PKCS#1).
     * @param {Uint8Array | number[]} bytes
     * @param {Algorithm | null} [algorithm]
     * @returns {Key}
     */
    static fromDer(bytes, algorithm) {
        const ptr0 = passArray8ToWasm0(bytes, wasm.__wbindgen_malloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.key_fromDer(ptr0, len0, isLikeNone(algorithm) ? 0 : addToExternrefTable0(algorithm));
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return Key.__wrap(ret[0]);
    }
    /**
     * An `hmac-sha256` key from its secret (bytes or string).
     * @param {string | Uint8Array} secret
     * @returns {Key}
     */
    static fromHmacSecret(secret) {
        const ret = wasm.key_fromHmacSecret(secret);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return Key.__wrap(ret[0]);
    }
    /**
     * From a JWK (object or JSON text).
     * @param {string | object} jwk
     * @param {Algorithm | null} [algorithm]
     * @returns {Key}
     */
    static fromJwk(jwk, algorithm) {
        const ret = wasm.key_fromJwk(jwk, isLikeNone(algorithm) ? 0 : addToExternrefTable0(algorithm));
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return Key.__wrap(ret[0]);
    }
    /**
     * From PEM text (PKCS#8, SPKI, SEC1, PKCS#1); `algorithm` disambiguates RSA.
     * @param {string} text
     * @param {Algorithm | null} [algorithm]
     * @returns {Key}
     */
    static fromPem(text, algorithm) {
        const ptr0 = passStringToWasm0(text, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.key_fromPem(ptr0, len0, isLikeNone(algorithm) ? 0 : addToExternrefTable0(algorithm));
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return Key.__wrap(ret[0]);
    }
    /**
     * From raw bytes: Ed25519 seed/public key, SEC1 point, SM2 scalar, …
     * @param {Algorithm} algorithm
     * @param {Uint8Array | number[]} bytes
     * @param {boolean} _private
     * @returns {Key}
     */
    static fromRaw(algorithm, bytes, _private) {
        const val2 = +_private;
        const ptr0 = passArray8ToWasm0(bytes, wasm.__wbindgen_malloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.key_fromRaw(algorithm, ptr0, len0, val2);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return Key.__wrap(ret[0]);
    }
    /**
     * A fresh key from the platform RNG (RSA generation is not offered).
     * @param {Algorithm} algorithm
     * @returns {Key}
     */
    static generate(algorithm) {
        const ret = wasm.key_generate(algorithm);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return Key.__wrap(ret[0]);
    }
    /**
     * @returns {boolean}
     */
    get isPrivate() {
        const ret = wasm.key_isPrivate(this.__wbg_ptr);
        return ret !== 0;
    }
    /**
     * The key id (yours, or the RFC 7638 thumbprint).
     * @returns {string}
     */
    get keyId() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.key_keyId(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * Public key bytes (Ed25519 raw, SEC1 point, PKCS#1 DER; empty for HMAC).
     * @returns {Uint8Array}
     */
    publicKeyBytes() {
        const ret = wasm.key_publicKeyBytes(this.__wbg_ptr);
        return ret;
    }
    /**
     * The public half (same key id).
     * @returns {Key}
     */
    publicKey() {
        const ret = wasm.key_publicKey(this.__wbg_ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return Key.__wrap(ret[0]);
    }
    /**
     * @param {string} key_id
     */
    setKeyId(key_id) {
        const ptr0 = passStringToWasm0(key_id, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        wasm.key_setKeyId(this.__wbg_ptr, ptr0, len0);
    }
    /**
     * @param {string} id
     */
    setSm2UserId(id) {
        const ptr0 = passStringToWasm0(id, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.key_setSm2UserId(this.__wbg_ptr, ptr0, len0);
        if (ret[1]) {
            throw takeFromExternrefTable0(ret[0]);
        }
    }
    /**
     * Signs raw bytes (ECDSA/SM2: `r || s`).
     * @param {string | Uint8Array} data
     * @returns {Uint8Array}
     */
    sign(data) {
        const ret = wasm.key_sign(this.__wbg_ptr, data);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * The SM2 user id (SM2 keys only).
     * @returns {string | undefined}
     */
    get sm2UserId() {
        const ret = wasm.key_sm2UserId(this.__wbg_ptr);
        let v1;
        if (ret[0] !== 0) {
            v1 = getStringFromWasm0(ret[0], ret[1]);
            wasm.__wbindgen_free(ret[0], ret[1] * 1, 1);
        }
        return v1;
    }
    /**
     * RFC 7638 JWK thumbprint (base64url SHA-256).
     * @returns {string}
     */
    thumbprint() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.key_thumbprint(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * The JWK as JSON text; private members only when asked.
     * @param {boolean | null} [include_private]
     * @returns {string}
     */
    toJwk(include_private) {
        let deferred2_0;
        let deferred2_1;
        try {
            const ret = wasm.key_toJwk(this.__wbg_ptr, isLikeNone(include_private) ? 0xFFFFFF : include_private ? 1 : 0);
            var ptr1 = ret[0];
            var len1 = ret[1];
            if (ret[3]) {
                ptr1 = 0; len1 = 0;
                throw takeFromExternrefTable0(ret[2]);
            }
            deferred2_0 = ptr1;
            deferred2_1 = len1;
            return getStringFromWasm0(ptr1, len1);
        } finally {
            wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
        }
    }
    /**
     * PKCS#8 DER of the private key (secret).
     * @returns {Uint8Array}
     */
    toPkcs8Der() {
        const ret = wasm.key_toPkcs8Der(this.__wbg_ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * PKCS#8 PEM of the private key (secret).
     * @returns {string}
     */
    toPkcs8Pem() {
        let deferred2_0;
        let deferred2_1;
        try {
            const ret = wasm.key_toPkcs8Pem(this.__wbg_ptr);
            var ptr1 = ret[0];
            var len1 = ret[1];
            if (ret[3]) {
                ptr1 = 0; len1 = 0;
                throw takeFromExternrefTable0(ret[2]);
            }
            deferred2_0 = ptr1;
            deferred2_1 = len1;
            return getStringFromWasm0(ptr1, len1);
        } finally {
            wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
        }
    }
    /**
     * @returns {Uint8Array}
     */
    toSpkiDer() {
        const ret = wasm.key_toSpkiDer(this.__wbg_ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * @returns {string}
     */
    toSpkiPem() {
        let deferred2_0;
        let deferred2_1;
        try {
            const ret = wasm.key_toSpkiPem(this.__wbg_ptr);
            var ptr1 = ret[0];
            var len1 = ret[1];
            if (ret[3]) {
                ptr1 = 0; len1 = 0;
                throw takeFromExternrefTable0(ret[2]);
            }
            deferred2_0 = ptr1;
            deferred2_1 = len1;
            return getStringFromWasm0(ptr1, len1);
        } finally {
            wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
        }
    }
    /**
     * `Key { algorithm, key_id, private }` — never key material.
     * @returns {string}
     */
    toString() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.key_toString(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
    /**
     * Verifies a signature over raw bytes; throws `signature_invalid` (or another code) if not.
     * @param {string | Uint8Array} data
     * @param {Uint8Array | number[]} signature
     */
    verify(data, signature) {
        const ptr0 = passArray8ToWasm0(signature, wasm.__wbindgen_malloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.key_verify(this.__wbg_ptr, data, ptr0, len0);
        if (ret[1]) {
            throw takeFromExternrefTable0(ret[0]);
        }
    }
}
if (Symbol.dispose) Key.prototype[Symbol.dispose] = Key.prototype.free;

/**
 * The rules a provider declares it applied.
 */
export class MaskManifest {
    static __wrap(ptr) {
        const obj = Object.create(MaskManifest.prototype);
        obj.__wbg_ptr = ptr;
        MaskManifestFinalization.register(obj, obj.__wbg_ptr, obj);
        return obj;
    }
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        MaskManifestFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_maskmanifest_free(ptr, 0);
    }
    /**
     * The canonical JSON bytes (sorted keys, no spaces): what gets signed.
     * @returns {Uint8Array}
     */
    canonicalJson() {
        const ret = wasm.maskmanifest_canonicalJson(this.__wbg_ptr);
        return ret;
    }
    /**
     * @param {string} json
     * @returns {MaskManifest}
     */
    static fromJson(json) {
        const ptr0 = passStringToWasm0(json, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.maskmanifest_fromJson(ptr0, len0);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return MaskManifest.__wrap(ret[0]);
    }
    /**
     * For `JSON.stringify`: the manifest as a plain object.
     * @returns {any}
     */
    toJSON() {
        const ret = wasm.maskmanifest_toJSON(this.__wbg_ptr);
        return ret;
    }
    /**
     * The canonical JSON as a string.
     * @returns {string}
     */
    toJson() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.maskmanifest_toJson(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
}
if (Symbol.dispose) MaskManifest.prototype[Symbol.dispose] = MaskManifest.prototype.free;

/**
 * The fields each rule must be masked to.
 */
export class MaskPolicy {
    static __wrap(ptr) {
        const obj = Object.create(MaskPolicy.prototype);
        obj.__wbg_ptr = ptr;
        MaskPolicyFinalization.register(obj, obj.__wbg_ptr, obj);
        return obj;
    }
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        MaskPolicyFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_maskpolicy_free(ptr, 0);
    }
    /**
     * Derives a policy from catalog resources: a catalog document or an array of
     * resources (JSON text, bytes, or the objects `Catalog.resource()` returns),
     * with `DeriveOptions` (object or JSON text; optional).
     * @param {string | Uint8Array | Resource[] | object} resources
     * @param {DeriveOptions | string | undefined} options
     * @returns {MaskPolicy}
     */
    static derive(resources, options) {
        const ret = wasm.maskpolicy_derive(resources, options);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return MaskPolicy.__wrap(ret[0]);
    }
    /**
     * The field names (or patterns) the policy names.
     * @returns {string[]}
     */
    fieldNames() {
        const ret = wasm.maskpolicy_fieldNames(this.__wbg_ptr);
        var v1 = getArrayJsValueFromWasm0(ret[0], ret[1]);
        wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
        return v1;
    }
    /**
     * Parses a policy (`docs/masking.md`).
     * @param {string} json
     * @returns {MaskPolicy}
     */
    static fromJson(json) {
        const ptr0 = passStringToWasm0(json, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.maskpolicy_fromJson(ptr0, len0);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return MaskPolicy.__wrap(ret[0]);
    }
    /**
     * The manifest a provider applying this policy declares.
     * @returns {MaskManifest}
     */
    manifest() {
        const ret = wasm.maskpolicy_manifest(this.__wbg_ptr);
        return MaskManifest.__wrap(ret);
    }
    /**
     * The policy as JSON.
     * @returns {string}
     */
    toJson() {
        let deferred1_0;
        let deferred1_1;
        try {
            const ret = wasm.maskpolicy_toJson(this.__wbg_ptr);
            deferred1_0 = ret[0];
            deferred1_1 = ret[1];
            return getStringFromWasm0(ret[0], ret[1]);
        } finally {
            wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
        }
    }
}
if (Symbol.dispose) MaskPolicy.prototype[Symbol.dispose] = MaskPolicy.prototype.free;

/**
 * Masked output and the apply report.
 */
export class MaskResult {
    static __wrap(ptr) {
        const obj = Object.create(MaskResult.prototype);
        obj.__wbg_ptr = ptr;
        MaskResultFinalization.register(obj, obj.__wbg_ptr, obj);
        return obj;
    }
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        MaskResultFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_maskresult_free(ptr, 0);
    }
    /**
     * The masked bytes (for a stream: those produced by the last chunk).
     * @returns {Uint8Array}
     */
    get output() {
        const ret = wasm.maskresult_output(this.__wbg_ptr);
        return ret;
    }
    /**
     * @returns {ApplyReport}
     */
    get report() {
        const ret = wasm.maskresult_report(this.__wbg_ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
}
if (Symbol.dispose) MaskResult.prototype[Symbol.dispose] = MaskResult.prototype.free;

/**
 * Checks records pushed in chunks against a policy (and a provider's manifest).
 */
export class MaskVerifier {
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        MaskVerifierFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_maskverifier_free(ptr, 0);
    }
    /**
     * Ends the input; returns the report (`passed`, counts, violations).
     * @returns {VerifyReport}
     */
    finish() {
        const ret = wasm.maskverifier_finish(this.__wbg_ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * @param {MaskPolicy} policy
     * @param {string} format_name
     * @param {MaskManifest | string | Uint8Array | object | undefined} manifest
     * @param {StreamOptions | null} [options]
     */
    constructor(policy, format_name, manifest, options) {
        _assertClass(policy, MaskPolicy);
        const ptr0 = passStringToWasm0(format_name, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.maskverifier_new(policy.__wbg_ptr, ptr0, len0, manifest, isLikeNone(options) ? 0 : addToExternrefTable0(options));
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        this.__wbg_ptr = ret[0];
        MaskVerifierFinalization.register(this, this.__wbg_ptr, this);
        return this;
    }
    /**
     * Feeds the next chunk; returns the bytes consumed so far.
     * @param {string | Uint8Array} chunk
     * @returns {number}
     */
    push(chunk) {
        const ret = wasm.maskverifier_push(this.__wbg_ptr, chunk);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return ret[0];
    }
}
if (Symbol.dispose) MaskVerifier.prototype[Symbol.dispose] = MaskVerifier.prototype.free;

/**
 * Applies a policy to records pushed in chunks; each push returns the masked
 * bytes ready so far.
 */
export class Masker {
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        MaskerFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_masker_free(ptr, 0);
    }
    /**
     * Ends the input: the last output and the report.
     * @returns {MaskResult}
     */
    finish() {
        const ret = wasm.masker_finish(this.__wbg_ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return MaskResult.__wrap(ret[0]);
    }
    /**
     * The manifest of the policy being applied.
     * @returns {MaskManifest}
     */
    manifest() {
        const ret = wasm.masker_manifest(this.__wbg_ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return MaskManifest.__wrap(ret[0]);
    }
    /**
     * `hashKey`: the HMAC key of `hash` rules (bytes; never echoed).
     * @param {MaskPolicy} policy
     * @param {string} format_name
     * @param {Uint8Array | number[] | null} [hash_key]
     * @param {StreamOptions | null} [options]
     */
    constructor(policy, format_name, hash_key, options) {
        _assertClass(policy, MaskPolicy);
        let ptr0, len0, ptr1, len1;
        try {
            ptr0 = passStringToWasm0(format_name, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            len0 = WASM_VECTOR_LEN;
            ptr1 = isLikeNone(hash_key) ? 0 : passArray8ToWasm0(hash_key, wasm.__wbindgen_malloc);
            len1 = WASM_VECTOR_LEN;
        } catch (e) {
            if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
            if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
            throw e;
        }
        const ret = wasm.masker_new(policy.__wbg_ptr, ptr0, len0, ptr1, len1, isLikeNone(options) ? 0 : addToExternrefTable0(options));
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        this.__wbg_ptr = ret[0];
        MaskerFinalization.register(this, this.__wbg_ptr, this);
        return this;
    }
    /**
     * Feeds the next chunk; returns the masked output produced by it.
     * @param {string | Uint8Array} chunk
     * @returns {Uint8Array}
     */
    push(chunk) {
        const ret = wasm.masker_push(this.__wbg_ptr, chunk);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
}
if (Symbol.dispose) Masker.prototype[Symbol.dispose] = Masker.prototype.free;

/**
 * Remembers verified nonces across `verifyMessage` calls to refuse replays.
 */
export class NonceStore {
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        NonceStoreFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_noncestore_free(ptr, 0);
    }
    /**
     * A store holding at most `capacity` unexpired nonces (default 100 000).
     * @param {number | null} [capacity]
     */
    constructor(capacity) {
        const ret = wasm.noncestore_new(!isLikeNone(capacity), isLikeNone(capacity) ? 0 : capacity);
        this.__wbg_ptr = ret;
        NonceStoreFinalization.register(this, this.__wbg_ptr, this);
        return this;
    }
    /**
     * Nonces currently remembered.
     * @returns {number}
     */
    get size() {
        const ret = wasm.noncestore_size(this.__wbg_ptr);
        return ret;
    }
    /**
     * `verifyMessage` that also refuses a nonce this store has seen for the key.
     * @param {HttpMessageJson | string} message
     * @param {Key} key
     * @param {VerificationPolicy} policy
     * @param {number} now
     * @param {HttpMessageJson | string | undefined} request
     * @returns {VerifiedSignature}
     */
    verifyMessage(message, key, policy, now, request) {
        _assertClass(key, Key);
        const ret = wasm.noncestore_verifyMessage(this.__wbg_ptr, message, key.__wbg_ptr, policy, now, request);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
}
if (Symbol.dispose) NonceStore.prototype[Symbol.dispose] = NonceStore.prototype.free;

/**
 * Builds the platform's HTTP requests (sans-IO) for a configuration.
 */
export class PlatformClient {
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        PlatformClientFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_platformclient_free(ptr, 0);
    }
    /**
     * @param {number} since_version
     * @param {CallContext} ctx_
     * @returns {HttpMessageJson}
     */
    catalogDeltaRequest(since_version, ctx_) {
        const ret = wasm.platformclient_catalogDeltaRequest(this.__wbg_ptr, since_version, ctx_);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * @param {CallContext} ctx_
     * @returns {HttpMessageJson}
     */
    catalogRequest(ctx_) {
        const ret = wasm.platformclient_catalogRequest(this.__wbg_ptr, ctx_);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * The configuration.
     * @returns {PlatformConfig}
     */
    config() {
        const ret = wasm.platformclient_config(this.__wbg_ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Refuses (`not_entitled`) a query outside the entitlements; nothing is built then.
     * @param {DataQuery} query
     * @param {Entitlement[]} entitlements
     * @param {CallContext} ctx_
     * @returns {HttpMessageJson}
     */
    dataRequest(query, entitlements, ctx_) {
        const ptr0 = passArrayJsValueToWasm0(entitlements, wasm.__wbindgen_malloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.platformclient_dataRequest(this.__wbg_ptr, query, ptr0, len0, ctx_);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * @param {CallContext} ctx_
     * @returns {HttpMessageJson}
     */
    irsRefreshByKeyRequest(ctx_) {
        const ret = wasm.platformclient_irsRefreshByKeyRequest(this.__wbg_ptr, ctx_);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * @param {CallContext} ctx_
     * @returns {HttpMessageJson}
     */
    irsRefreshBySecretRequest(ctx_) {
        const ret = wasm.platformclient_irsRefreshBySecretRequest(this.__wbg_ptr, ctx_);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * @param {PlatformConfig} config
     */
    constructor(config) {
        const ret = wasm.platformclient_new(config);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        this.__wbg_ptr = ret[0];
        PlatformClientFinalization.register(this, this.__wbg_ptr, this);
        return this;
    }
    /**
     * @param {string} id
     * @param {CallContext} ctx_
     * @returns {HttpMessageJson}
     */
    statusRequest(id, ctx_) {
        const ptr0 = passStringToWasm0(id, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.platformclient_statusRequest(this.__wbg_ptr, ptr0, len0, ctx_);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * @param {Application} app
     * @param {CallContext} ctx_
     * @returns {HttpMessageJson}
     */
    submitRequest(app, ctx_) {
        _assertClass(app, Application);
        const ret = wasm.platformclient_submitRequest(this.__wbg_ptr, app.__wbg_ptr, ctx_);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * @param {string} id
     * @param {string | null | undefined} reason
     * @param {CallContext} ctx_
     * @returns {HttpMessageJson}
     */
    withdrawRequest(id, reason, ctx_) {
        let ptr0, len0, ptr1, len1;
        try {
            ptr0 = passStringToWasm0(id, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            len0 = WASM_VECTOR_LEN;
            ptr1 = isLikeNone(reason) ? 0 : passStringToWasm0(reason, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            len1 = WASM_VECTOR_LEN;
        } catch (e) {
            if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
            if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
            throw e;
        }
        const ret = wasm.platformclient_withdrawRequest(this.__wbg_ptr, ptr0, len0, ptr1, len1, ctx_);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
}
if (Symbol.dispose) PlatformClient.prototype[Symbol.dispose] = PlatformClient.prototype.free;

/**
 * Finds identifiers in records pushed in chunks (bounded memory).
 */
export class Scanner {
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        ScannerFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_scanner_free(ptr, 0);
    }
    /**
     * Ends the input; returns the report.
     * @returns {ScanReport}
     */
    finish() {
        const ret = wasm.scanner_finish(this.__wbg_ptr);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * `format`: `json` (an array), `ndjson` or `csv`.
     * @param {string} format_name
     * @param {StreamOptions | null} [options]
     */
    constructor(format_name, options) {
        const ptr0 = passStringToWasm0(format_name, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.scanner_new(ptr0, len0, isLikeNone(options) ? 0 : addToExternrefTable0(options));
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        this.__wbg_ptr = ret[0];
        ScannerFinalization.register(this, this.__wbg_ptr, this);
        return this;
    }
    /**
     * Feeds the next chunk; returns the bytes consumed so far.
     * @param {string | Uint8Array} chunk
     * @returns {number}
     */
    push(chunk) {
        const ret = wasm.scanner_push(this.__wbg_ptr, chunk);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return ret[0];
    }
}
if (Symbol.dispose) Scanner.prototype[Symbol.dispose] = Scanner.prototype.free;

/**
 * Working days: weekends, public holidays and make-up workdays.
 */
export class WorkCalendar {
    static __wrap(ptr) {
        const obj = Object.create(WorkCalendar.prototype);
        obj.__wbg_ptr = ptr;
        WorkCalendarFinalization.register(obj, obj.__wbg_ptr, obj);
        return obj;
    }
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        WorkCalendarFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_workcalendar_free(ptr, 0);
    }
    /**
     * Adds (or replaces) years from a calendar file.
     * @param {string} text
     */
    addJson(text) {
        const ptr0 = passStringToWasm0(text, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.workcalendar_addJson(this.__wbg_ptr, ptr0, len0);
        if (ret[1]) {
            throw takeFromExternrefTable0(ret[0]);
        }
    }
    /**
     * The last day of "within `days` working days" after `start`.
     * @param {string} start
     * @param {number} days
     * @returns {DueDate}
     */
    dueDate(start, days) {
        const val2 = +days;
        const ptr0 = passStringToWasm0(start, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.workcalendar_dueDate(this.__wbg_ptr, ptr0, len0, val2);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * The embedded calendar (State Council notices).
     * @returns {WorkCalendar}
     */
    static embedded() {
        const ret = wasm.workcalendar_embedded();
        return WorkCalendar.__wrap(ret);
    }
    /**
     * A calendar from a calendar file only.
     * @param {string} text
     * @returns {WorkCalendar}
     */
    static fromJson(text) {
        const ptr0 = passStringToWasm0(text, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.workcalendar_fromJson(ptr0, len0);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return WorkCalendar.__wrap(ret[0]);
    }
    /**
     * Whether a Beijing date `YYYY-MM-DD` is worked.
     * @param {string} date
     * @returns {DayKind}
     */
    isWorkingDay(date) {
        const ptr0 = passStringToWasm0(date, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.workcalendar_isWorkingDay(this.__wbg_ptr, ptr0, len0);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * Years the calendar knows.
     * @returns {Uint32Array}
     */
    years() {
        const ret = wasm.workcalendar_years(this.__wbg_ptr);
        var v1 = getArrayU32FromWasm0(ret[0], ret[1]).slice();
        wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
        return v1;
    }
}
if (Symbol.dispose) WorkCalendar.prototype[Symbol.dispose] = WorkCalendar.prototype.free;

/**
 * `sha256:<hex>` of a string (UTF-8) or bytes: the form of event digests.
 * @param {string | Uint8Array} data
 * @returns {string}
 */
export function auditDigest(data) {
    let deferred2_0;
    let deferred2_1;
    try {
        const ret = wasm.auditDigest(data);
        var ptr1 = ret[0];
        var len1 = ret[1];
        if (ret[3]) {
            ptr1 = 0; len1 = 0;
            throw takeFromExternrefTable0(ret[2]);
        }
        deferred2_0 = ptr1;
        deferred2_1 = len1;
        return getStringFromWasm0(ptr1, len1);
    } finally {
        wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
    }
}

/**
 * Applications per resource and provider, answer times against deadlines,
 * overdue counts at `now` (RFC 3339). Refuses a log that does not verify.
 * @param {string | Uint8Array} log
 * @param {string} now
 * @returns {UsageReport}
 */
export function auditUsageReport(log, now) {
    const ptr0 = passStringToWasm0(now, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.auditUsageReport(log, ptr0, len0);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Checks a draft and builds an application, or throws the first problem.
 * @param {ApplicationDraft} draft
 * @returns {Application}
 */
export function buildApplication(draft) {
    const ret = wasm.buildApplication(draft);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return Application.__wrap(ret[0]);
}

/**
 * The canonical bytes and their SHA-256 and SM3 digests.
 * @param {string | Uint8Array} input
 * @returns {CanonicalDigestBytes}
 */
export function canonicalDigests(input) {
    const ret = wasm.canonicalDigests(input);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * RFC 8785 canonical form of a JSON document (string or UTF-8 bytes).
 * @param {string | Uint8Array} input
 * @returns {Uint8Array}
 */
export function canonicalize(input) {
    const ret = wasm.canonicalize(input);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * RFC 8785 canonical form as a string.
 * @param {string | Uint8Array} input
 * @returns {string}
 */
export function canonicalizeToString(input) {
    let deferred2_0;
    let deferred2_1;
    try {
        const ret = wasm.canonicalizeToString(input);
        var ptr1 = ret[0];
        var len1 = ret[1];
        if (ret[3]) {
            ptr1 = 0; len1 = 0;
            throw takeFromExternrefTable0(ret[2]);
        }
        deferred2_0 = ptr1;
        deferred2_1 = len1;
        return getStringFromWasm0(ptr1, len1);
    } finally {
        wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
    }
}

/**
 * Like `canonicalize`, with explicit parser limits (`JcsLimits`).
 * @param {string | Uint8Array} input
 * @param {JcsLimits} limits
 * @returns {Uint8Array}
 */
export function canonicalizeWith(input, limits) {
    const ret = wasm.canonicalizeWith(input, limits);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * GB 32100 check of a 统一社会信用代码.
 * @param {string} code
 * @returns {CreditCodeStatus}
 */
export function checkCreditCode(code) {
    const ptr0 = passStringToWasm0(code, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.checkCreditCode(ptr0, len0);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Throws `not_entitled` unless every item of the resource is entitled.
 * @param {Entitlement[]} entitlements
 * @param {string} resource_code
 * @param {string[]} items
 */
export function checkEntitled(entitlements, resource_code, items) {
    let ptr0, len0, ptr1, len1, ptr2, len2;
    try {
        ptr0 = passArrayJsValueToWasm0(entitlements, wasm.__wbindgen_malloc);
        len0 = WASM_VECTOR_LEN;
        ptr1 = passStringToWasm0(resource_code, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len1 = WASM_VECTOR_LEN;
        ptr2 = passArrayJsValueToWasm0(items, wasm.__wbindgen_malloc);
        len2 = WASM_VECTOR_LEN;
    } catch (e) {
        if (ptr2) { wasm.__externref_drop_slice(ptr2, len2); wasm.__wbindgen_free(ptr2, len2 * 4, 4); }
        if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
        if (ptr0) { wasm.__externref_drop_slice(ptr0, len0); wasm.__wbindgen_free(ptr0, len0 * 4, 4); }
        throw e;
    }
    const ret = wasm.checkEntitled(ptr0, len0, ptr1, len1, ptr2, len2);
    if (ret[1]) {
        throw takeFromExternrefTable0(ret[0]);
    }
}

/**
 * The RFC 9530 Content-Digest field value of `body`.
 * @param {string | Uint8Array} body
 * @param {DigestAlgorithm} algorithm
 * @returns {string}
 */
export function contentDigest(body, algorithm) {
    let deferred2_0;
    let deferred2_1;
    try {
        const ret = wasm.contentDigest(body, algorithm);
        var ptr1 = ret[0];
        var len1 = ret[1];
        if (ret[3]) {
            ptr1 = 0; len1 = 0;
            throw takeFromExternrefTable0(ret[2]);
        }
        deferred2_0 = ptr1;
        deferred2_1 = len1;
        return getStringFromWasm0(ptr1, len1);
    } finally {
        wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
    }
}

/**
 * A signed receipt for data whose retention ended, bound to the log's head.
 * @param {DestructionRequest | string} request
 * @param {string} log_head
 * @param {Key} key
 * @returns {DestructionReceipt}
 */
export function destructionReceipt(request, log_head, key) {
    _assertClass(key, Key);
    const ptr0 = passStringToWasm0(log_head, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.destructionReceipt(request, ptr0, len0, key.__wbg_ptr);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * The identifiers in one text (offsets in UTF-8 bytes and in characters).
 * @param {string} text
 * @returns {DetectedIdentifier[]}
 */
export function detectIdentifiers(text) {
    const ptr0 = passStringToWasm0(text, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.detectIdentifiers(ptr0, len0);
    if (ret[3]) {
        throw takeFromExternrefTable0(ret[2]);
    }
    var v2 = getArrayJsValueFromWasm0(ret[0], ret[1]);
    wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
    return v2;
}

/**
 * DER ECDSA-Sig-Value → `r || s` (64 bytes).
 * @param {Uint8Array | number[]} der
 * @returns {Uint8Array}
 */
export function ecdsaSignatureFromDer(der) {
    const ptr0 = passArray8ToWasm0(der, wasm.__wbindgen_malloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.ecdsaSignatureFromDer(ptr0, len0);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * `r || s` (64 bytes) → DER ECDSA-Sig-Value, for tools that want DER.
 * @param {Uint8Array | number[]} raw
 * @returns {Uint8Array}
 */
export function ecdsaSignatureToDer(raw) {
    const ptr0 = passArray8ToWasm0(raw, wasm.__wbindgen_malloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.ecdsaSignatureToDer(ptr0, len0);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * A department's current entitlements at `now`, by resource.
 * @param {Grant[]} grants
 * @param {string} credit_code
 * @param {string} now
 * @returns {Entitlement[]}
 */
export function entitlements(grants, credit_code, now) {
    let ptr0, len0, ptr1, len1, ptr2, len2;
    try {
        ptr0 = passArrayJsValueToWasm0(grants, wasm.__wbindgen_malloc);
        len0 = WASM_VECTOR_LEN;
        ptr1 = passStringToWasm0(credit_code, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len1 = WASM_VECTOR_LEN;
        ptr2 = passStringToWasm0(now, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len2 = WASM_VECTOR_LEN;
    } catch (e) {
        if (ptr2) { wasm.__wbindgen_free(ptr2, len2 * 1, 1); }
        if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
        if (ptr0) { wasm.__externref_drop_slice(ptr0, len0); wasm.__wbindgen_free(ptr0, len0 * 4, 4); }
        throw e;
    }
    const ret = wasm.entitlements(ptr0, len0, ptr1, len1, ptr2, len2);
    if (ret[3]) {
        throw takeFromExternrefTable0(ret[2]);
    }
    var v4 = getArrayJsValueFromWasm0(ret[0], ret[1]);
    wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
    return v4;
}

/**
 * External signers, step 2: adds the signature made over `prepared.base`
 * (ECDSA/SM2 as `r || s` or DER).
 * @param {HttpMessageJson | string} message
 * @param {PreparedSignature} prepared
 * @param {Uint8Array | number[]} signature
 * @param {HttpMessageJson | string | undefined} request
 * @returns {SignedHttpMessage}
 */
export function finishSignature(message, prepared, signature, request) {
    const ptr0 = passArray8ToWasm0(signature, wasm.__wbindgen_malloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.finishSignature(message, prepared, ptr0, len0, request);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Parses an HTTP message in govshare's JSON form and prints it back normalized.
 * @param {string} json
 * @returns {string}
 */
export function httpMessageNormalize(json) {
    let deferred3_0;
    let deferred3_1;
    try {
        const ptr0 = passStringToWasm0(json, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.httpMessageNormalize(ptr0, len0);
        var ptr2 = ret[0];
        var len2 = ret[1];
        if (ret[3]) {
            ptr2 = 0; len2 = 0;
            throw takeFromExternrefTable0(ret[2]);
        }
        deferred3_0 = ptr2;
        deferred3_1 = len2;
        return getStringFromWasm0(ptr2, len2);
    } finally {
        wasm.__wbindgen_free(deferred3_0, deferred3_1, 1);
    }
}

/**
 * The signatures a message carries (unverified), in Signature-Input order.
 * @param {HttpMessageJson | string} message
 * @returns {SignatureInfo[]}
 */
export function listSignatures(message) {
    const ret = wasm.listSignatures(message);
    if (ret[3]) {
        throw takeFromExternrefTable0(ret[2]);
    }
    var v1 = getArrayJsValueFromWasm0(ret[0], ret[1]);
    wasm.__wbindgen_free(ret[0], ret[1] * 4, 4);
    return v1;
}

/**
 * Masks a whole input.
 * @param {MaskPolicy} policy
 * @param {string} format_name
 * @param {string | Uint8Array} data
 * @param {Uint8Array | number[] | null} [hash_key]
 * @param {StreamOptions | null} [options]
 * @returns {MaskResult}
 */
export function maskApply(policy, format_name, data, hash_key, options) {
    _assertClass(policy, MaskPolicy);
    let ptr0, len0, ptr1, len1;
    try {
        ptr0 = passStringToWasm0(format_name, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len0 = WASM_VECTOR_LEN;
        ptr1 = isLikeNone(hash_key) ? 0 : passArray8ToWasm0(hash_key, wasm.__wbindgen_malloc);
        len1 = WASM_VECTOR_LEN;
    } catch (e) {
        if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
        if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
        throw e;
    }
    const ret = wasm.maskApply(policy.__wbg_ptr, ptr0, len0, data, ptr1, len1, isLikeNone(options) ? 0 : addToExternrefTable0(options));
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return MaskResult.__wrap(ret[0]);
}

/**
 * Scans a whole input for identifiers.
 * @param {string} format_name
 * @param {string | Uint8Array} data
 * @param {StreamOptions | null} [options]
 * @returns {ScanReport}
 */
export function maskScan(format_name, data, options) {
    const ptr0 = passStringToWasm0(format_name, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.maskScan(ptr0, len0, data, isLikeNone(options) ? 0 : addToExternrefTable0(options));
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Verifies a whole input.
 * @param {MaskPolicy} policy
 * @param {string} format_name
 * @param {string | Uint8Array} data
 * @param {MaskManifest | string | Uint8Array | object | undefined} manifest
 * @param {StreamOptions | null} [options]
 * @returns {VerifyReport}
 */
export function maskVerify(policy, format_name, data, manifest, options) {
    _assertClass(policy, MaskPolicy);
    const ptr0 = passStringToWasm0(format_name, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.maskVerify(policy.__wbg_ptr, ptr0, len0, data, manifest, isLikeNone(options) ? 0 : addToExternrefTable0(options));
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Parses the answer to submit, status and withdraw requests.
 * @param {HttpMessageJson} response
 * @returns {ApplicationStatus}
 */
export function parseApplicationResponse(response) {
    const ret = wasm.parseApplicationResponse(response);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Parses the answer to a catalog delta request: the delta document (plain JSON data).
 * @param {HttpMessageJson} response
 * @returns {unknown}
 */
export function parseCatalogDeltaResponse(response) {
    const ret = wasm.parseCatalogDeltaResponse(response);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Parses the answer to a catalog request: the catalog document (plain JSON data).
 * @param {HttpMessageJson} response
 * @returns {unknown}
 */
export function parseCatalogResponse(response) {
    const ret = wasm.parseCatalogResponse(response);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Parses a data page, refusing data that was not asked for.
 * @param {HttpMessageJson} response
 * @param {DataQuery} query
 * @returns {DataPage}
 */
export function parseDataResponse(response, query) {
    const ret = wasm.parseDataResponse(response, query);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Parses an IRS secret refresh answer.
 * @param {HttpMessageJson} response
 * @returns {IrsSecrets}
 */
export function parseIrsRefreshResponse(response) {
    const ret = wasm.parseIrsRefreshResponse(response);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * The signature parameters of a platform request (for an external signer:
 * `prepareSignature(message, params)` then `finishSignature`).
 * @param {HttpMessageJson | string} msg
 * @param {string} key_id
 * @param {number} created
 * @param {string} nonce
 * @returns {SignatureParams}
 */
export function platformRequestParams(msg, key_id, created, nonce) {
    const val3 = +created;
    let ptr0, len0, ptr1, len1;
    try {
        ptr0 = passStringToWasm0(key_id, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len0 = WASM_VECTOR_LEN;
        ptr1 = passStringToWasm0(nonce, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len1 = WASM_VECTOR_LEN;
    } catch (e) {
        if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
        if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
        throw e;
    }
    const ret = wasm.platformRequestParams(msg, ptr0, len0, val3, ptr1, len1);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * External signers, step 1: the signature base (`base`, bytes to sign) and
 * the Signature-Input value. Sign `base` elsewhere, then `finishSignature`.
 * @param {HttpMessageJson | string} message
 * @param {SignatureParams} params
 * @param {HttpMessageJson | string | undefined} request
 * @returns {PreparedSignature}
 */
export function prepareSignature(message, params, request) {
    const ret = wasm.prepareSignature(message, params, request);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * `a` reveals no more than `b`.
 * @param {FieldRule} a
 * @param {FieldRule} b
 * @returns {boolean}
 */
export function ruleAtLeastAsStrict(a, b) {
    const ret = wasm.ruleAtLeastAsStrict(a, b);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return ret[0] !== 0;
}

/**
 * A deterministic sample catalog document (JSON text).
 * @param {SampleOptions} options
 * @returns {string}
 */
export function sampleCatalog(options) {
    let deferred2_0;
    let deferred2_1;
    try {
        const ret = wasm.sampleCatalog(options);
        var ptr1 = ret[0];
        var len1 = ret[1];
        if (ret[3]) {
            ptr1 = 0; len1 = 0;
            throw takeFromExternrefTable0(ret[2]);
        }
        deferred2_0 = ptr1;
        deferred2_1 = len1;
        return getStringFromWasm0(ptr1, len1);
    } finally {
        wasm.__wbindgen_free(deferred2_0, deferred2_1, 1);
    }
}

/**
 * Options for `sampleCatalog`: a national catalog of `resources` resources.
 * @param {number} resources
 * @param {number} seed
 * @returns {SampleOptions}
 */
export function sampleOptions(resources, seed) {
    const ret = wasm.sampleOptions(resources, seed);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Each step's due date and whether it is overdue at `now` (RFC 3339).
 * @param {WorkCalendar} calendar
 * @param {DeadlinePolicy | null | undefined} policy
 * @param {ScheduleInput} input
 * @param {string} now
 * @returns {Schedule}
 */
export function schedule(calendar, policy, input, now) {
    _assertClass(calendar, WorkCalendar);
    const ptr0 = passStringToWasm0(now, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.schedule(calendar.__wbg_ptr, isLikeNone(policy) ? 0 : addToExternrefTable0(policy), input, ptr0, len0);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Adds the Zhejiang IRS `appKey`/`requestTime` (ms)/`sign` parameters.
 * @param {HttpMessageJson | string} message
 * @param {string} app_key
 * @param {string} request_secret
 * @param {number} request_time_ms
 * @param {IrsPlacement} placement
 * @returns {HttpMessageJson}
 */
export function signIrs(message, app_key, request_secret, request_time_ms, placement) {
    const val3 = +request_time_ms;
    let ptr0, len0, ptr1, len1;
    try {
        ptr0 = passStringToWasm0(app_key, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len0 = WASM_VECTOR_LEN;
        ptr1 = passStringToWasm0(request_secret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len1 = WASM_VECTOR_LEN;
    } catch (e) {
        if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
        if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
        throw e;
    }
    const ret = wasm.signIrs(message, ptr0, len0, ptr1, len1, val3, placement);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Signs `message` (RFC 9421), adding Content-Digest, Signature-Input and Signature.
 * `request` is the request a response answers (for `;req` components).
 * @param {HttpMessageJson | string} message
 * @param {Key} key
 * @param {SignatureParams} params
 * @param {HttpMessageJson | string | undefined} request
 * @returns {SignedHttpMessage}
 */
export function signMessage(message, key, params, request) {
    _assertClass(key, Key);
    const ret = wasm.signMessage(message, key.__wbg_ptr, params, request);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Signs a platform request with the department's key: `@method`,
 * `@target-uri`, `content-type`, Content-Digest, `created`, `nonce`, `keyid`.
 * @param {HttpMessageJson | string} msg
 * @param {Key} key
 * @param {number} created
 * @param {string} nonce
 * @returns {SignedHttpMessage}
 */
export function signPlatformRequest(msg, key, created, nonce) {
    _assertClass(key, Key);
    const val2 = +created;
    const ptr0 = passStringToWasm0(nonce, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.signPlatformRequest(msg, key.__wbg_ptr, val2, ptr0, len0);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Adds the x-tif gateway headers (timestamp in Unix seconds, fresh nonce).
 * @param {HttpMessageJson | string} message
 * @param {string} paas_id
 * @param {string} paas_token
 * @param {number} timestamp
 * @param {string} nonce
 * @param {string | null} [service_id]
 * @returns {HttpMessageJson}
 */
export function signXtif(message, paas_id, paas_token, timestamp, nonce, service_id) {
    const val5 = +timestamp;
    let ptr0, len0, ptr1, len1, ptr2, len2, ptr3, len3;
    try {
        ptr0 = passStringToWasm0(paas_id, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len0 = WASM_VECTOR_LEN;
        ptr1 = passStringToWasm0(paas_token, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len1 = WASM_VECTOR_LEN;
        ptr2 = passStringToWasm0(nonce, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len2 = WASM_VECTOR_LEN;
        ptr3 = isLikeNone(service_id) ? 0 : passStringToWasm0(service_id, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len3 = WASM_VECTOR_LEN;
    } catch (e) {
        if (ptr3) { wasm.__wbindgen_free(ptr3, len3 * 1, 1); }
        if (ptr2) { wasm.__wbindgen_free(ptr2, len2 * 1, 1); }
        if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
        if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
        throw e;
    }
    const ret = wasm.signXtif(message, ptr0, len0, ptr1, len1, val5, ptr2, len2, ptr3, len3);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * The RFC 9421 signature base of `label` in a Signature-Input field value.
 * @param {HttpMessageJson | string} message
 * @param {string} signature_input
 * @param {string} label
 * @param {HttpMessageJson | string | undefined} request
 * @returns {string}
 */
export function signatureBase(message, signature_input, label, request) {
    let deferred4_0;
    let deferred4_1;
    try {
        let ptr0, len0, ptr1, len1;
        try {
            ptr0 = passStringToWasm0(signature_input, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            len0 = WASM_VECTOR_LEN;
            ptr1 = passStringToWasm0(label, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            len1 = WASM_VECTOR_LEN;
        } catch (e) {
            if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
            if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
            throw e;
        }
        const ret = wasm.signatureBase(message, ptr0, len0, ptr1, len1, request);
        var ptr3 = ret[0];
        var len3 = ret[1];
        if (ret[3]) {
            ptr3 = 0; len3 = 0;
            throw takeFromExternrefTable0(ret[2]);
        }
        deferred4_0 = ptr3;
        deferred4_1 = len3;
        return getStringFromWasm0(ptr3, len3);
    } finally {
        wasm.__wbindgen_free(deferred4_0, deferred4_1, 1);
    }
}

/**
 * The SM2 digest e = SM3(Z_A || M) for a public key (SEC1 point) and user id.
 * @param {Uint8Array | number[]} public_key
 * @param {string | Uint8Array} data
 * @param {string | null} [user_id]
 * @returns {Uint8Array}
 */
export function sm2Digest(public_key, data, user_id) {
    let ptr0, len0, ptr1, len1;
    try {
        ptr0 = passArray8ToWasm0(public_key, wasm.__wbindgen_malloc);
        len0 = WASM_VECTOR_LEN;
        ptr1 = isLikeNone(user_id) ? 0 : passStringToWasm0(user_id, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        len1 = WASM_VECTOR_LEN;
    } catch (e) {
        if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
        if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
        throw e;
    }
    const ret = wasm.sm2Digest(ptr0, len0, data, ptr1, len1);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * SM3 hash (GB/T 32905) of bytes or a string.
 * @param {string | Uint8Array} data
 * @returns {Uint8Array}
 */
export function sm3(data) {
    const ret = wasm.sm3(data);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Moves a lifecycle to `to` at `now` (RFC 3339), or throws `illegal_transition`.
 * @param {Lifecycle} lifecycle
 * @param {ApplicationState} to
 * @param {string} now
 * @returns {Lifecycle}
 */
export function transition(lifecycle, to, now) {
    const ptr0 = passStringToWasm0(now, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.transition(lifecycle, to, ptr0, len0);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Validates an application against a loaded catalog (coded findings).
 * @param {Application} app
 * @param {Catalog} catalog
 * @param {ValidationPolicy | null} [policy]
 * @returns {ValidationReport}
 */
export function validateApplication(app, catalog, policy) {
    _assertClass(app, Application);
    _assertClass(catalog, Catalog);
    const ret = wasm.validateApplication(app.__wbg_ptr, catalog.__wbg_ptr, isLikeNone(policy) ? 0 : addToExternrefTable0(policy));
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Validates an application against a list of catalog resources.
 * @param {Application} app
 * @param {Resource[]} resources
 * @param {ValidationPolicy | null} [policy]
 * @returns {ValidationReport}
 */
export function validateApplicationWithResources(app, resources, policy) {
    _assertClass(app, Application);
    const ptr0 = passArrayJsValueToWasm0(resources, wasm.__wbindgen_malloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.validateApplicationWithResources(app.__wbg_ptr, ptr0, len0, isLikeNone(policy) ? 0 : addToExternrefTable0(policy));
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Checks a receipt (the object, its JSON text or bytes) against the signer's key.
 * @param {DestructionReceipt | string | Uint8Array} receipt
 * @param {Key} key
 * @returns {DestructionReceipt}
 */
export function verifyDestructionReceipt(receipt, key) {
    _assertClass(key, Key);
    const ret = wasm.verifyDestructionReceipt(receipt, key.__wbg_ptr);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Checks a page of granted data before use: the platform's signature over
 * its masking manifest, then every value against the manifest and the
 * resource's grades (and the approval's rules, when given).
 * @param {DataPage} page
 * @param {Resource} resource
 * @param {Approval | null | undefined} approval
 * @param {Key} platform_key
 * @returns {VerifyReport}
 */
export function verifyMaskedPage(page, resource, approval, platform_key) {
    _assertClass(platform_key, Key);
    const ret = wasm.verifyMaskedPage(page, resource, isLikeNone(approval) ? 0 : addToExternrefTable0(approval), platform_key.__wbg_ptr);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Verifies one signature of `message` under `policy` at `now` (Unix
 * seconds), without replay checks (use `NonceStore.verifyMessage` for those).
 * @param {HttpMessageJson | string} message
 * @param {Key} key
 * @param {VerificationPolicy} policy
 * @param {number} now
 * @param {HttpMessageJson | string | undefined} request
 * @returns {VerifiedSignature}
 */
export function verifyMessage(message, key, policy, now, request) {
    _assertClass(key, Key);
    const ret = wasm.verifyMessage(message, key.__wbg_ptr, policy, now, request);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * Verifies a platform's answer to `request` with the platform's public key
 * at `now` (Unix seconds): signature, covered components, Content-Digest.
 * @param {HttpMessageJson | string} response
 * @param {HttpMessageJson | string} request
 * @param {Key} platform_key
 * @param {number} now
 * @returns {VerifiedSignature}
 */
export function verifyPlatformResponse(response, request, platform_key, now) {
    _assertClass(platform_key, Key);
    const ret = wasm.verifyPlatformResponse(response, request, platform_key.__wbg_ptr, now);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}

/**
 * The library version.
 * @returns {string}
 */
export function version() {
    let deferred1_0;
    let deferred1_1;
    try {
        const ret = wasm.version();
        deferred1_0 = ret[0];
        deferred1_1 = ret[1];
        return getStringFromWasm0(ret[0], ret[1]);
    } finally {
        wasm.__wbindgen_free(deferred1_0, deferred1_1, 1);
    }
}
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg_Error_208446807d0d1e30: function(arg0, arg1) {
            const ret = Error(getStringFromWasm0(arg0, arg1));
            return ret;
        },
        __wbg_Number_ff192a72a0dcdf6d: function(arg0) {
            const ret = Number(arg0);
            return ret;
        },
        __wbg_String_8564e559799eccda: function(arg0, arg1) {
            const ret = String(arg1);
            const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            const len1 = WASM_VECTOR_LEN;
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
        },
        __wbg___wbindgen_bigint_get_as_i64_11da4b52cd0aedef: function(arg0, arg1) {
            const v = arg1;
            const ret = typeof(v) === 'bigint' ? v : undefined;
            getDataViewMemory0().setBigInt64((arg0 >>> 0) + 8 * 1, isLikeNone(ret) ? BigInt(0) : ret, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, !isLikeNone(ret), true);
        },
        __wbg___wbindgen_boolean_get_4f1baf9a00be3c74: function(arg0) {
            const v = arg0;
            const ret = typeof(v) === 'boolean' ? v : undefined;
            return isLikeNone(ret) ? 0xFFFFFF : ret ? 1 : 0;
        },
        __wbg___wbindgen_debug_string_f249a2a76caa9a55: function(arg0, arg1) {
            const ret = debugString(arg1);
            const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            const len1 = WASM_VECTOR_LEN;
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
        },
        __wbg___wbindgen_in_3f58a9d3b3a7eed2: function(arg0, arg1) {
            const ret = arg0 in arg1;
            return ret;
        },
        __wbg___wbindgen_is_bigint_5fa10641e039d3ef: function(arg0) {
            const ret = typeof(arg0) === 'bigint';
            return ret;
        },
        __wbg___wbindgen_is_function_741ff2bb612836f5: function(arg0) {
            const ret = typeof(arg0) === 'function';
            return ret;
        },
        __wbg___wbindgen_is_null_c22311b1cc228e3a: function(arg0) {
            const ret = arg0 === null;
            return ret;
        },
        __wbg___wbindgen_is_object_8b968c3ab8e96595: function(arg0) {
            const val = arg0;
            const ret = typeof(val) === 'object' && val !== null;
            return ret;
        },
        __wbg___wbindgen_is_string_fc456fee5d3317de: function(arg0) {
            const ret = typeof(arg0) === 'string';
            return ret;
        },
        __wbg___wbindgen_is_undefined_be5b34249ff1fc15: function(arg0) {
            const ret = arg0 === undefined;
            return ret;
        },
        __wbg___wbindgen_jsval_eq_38d7bfbe4cc84039: function(arg0, arg1) {
            const ret = arg0 === arg1;
            return ret;
        },
        __wbg___wbindgen_jsval_loose_eq_b2f214e2e4b30e36: function(arg0, arg1) {
            const ret = arg0 == arg1;
            return ret;
        },
        __wbg___wbindgen_number_get_934b640d0889af78: function(arg0, arg1) {
            const obj = arg1;
            const ret = typeof(obj) === 'number' ? obj : undefined;
            getDataViewMemory0().setFloat64((arg0 >>> 0) + 8 * 1, isLikeNone(ret) ? 0 : ret, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, !isLikeNone(ret), true);
        },
        __wbg___wbindgen_string_get_7ce8eee7fd327545: function(arg0, arg1) {
            const obj = arg1;
            const ret = typeof(obj) === 'string' ? obj : undefined;
            var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            var len1 = WASM_VECTOR_LEN;
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 1, len1, true);
            getDataViewMemory0().setInt32((arg0 >>> 0) + 4 * 0, ptr1, true);
        },
        __wbg___wbindgen_throw_4c88d8bf264fd984: function(arg0, arg1) {
            throw new Error(getStringFromWasm0(arg0, arg1));
        },
        __wbg_call_40b008ba32f73991: function() { return handleError(function (arg0, arg1) {
            const ret = arg0.call(arg1);
            return ret;
        }, arguments); },
        __wbg_call_a410eb4b59ed5965: function() { return handleError(function (arg0, arg1, arg2) {
            const ret = arg0.call(arg1, arg2);
            return ret;
        }, arguments); },
        __wbg_crypto_23f565a907d30078: function(arg0) {
            const ret = arg0.crypto;
            return ret;
        },
        __wbg_done_57e08d0be6e30c02: function(arg0) {
            const ret = arg0.done;
            return ret;
        },
        __wbg_entries_7bb1459bd9b5c2b9: function(arg0) {
            const ret = Object.entries(arg0);
            return ret;
        },
        __wbg_getRandomValues_d2908e0b99612b91: function() { return handleError(function (arg0, arg1) {
            arg0.getRandomValues(arg1);
        }, arguments); },
        __wbg_get_635eea311fa1a291: function() { return handleError(function (arg0, arg1) {
            const ret = Reflect.get(arg0, arg1);
            return ret;
        }, arguments); },
        __wbg_get_d7176cfb76d71114: function(arg0, arg1) {
            const ret = arg0[arg1 >>> 0];
            return ret;
        },
        __wbg_get_unchecked_e6325ad374eff861: function(arg0, arg1) {
            const ret = arg0[arg1 >>> 0];
            return ret;
        },
        __wbg_get_with_ref_key_fc601247060b7204: function(arg0, arg1) {
            const ret = arg0[arg1];
            return ret;
        },
        __wbg_instanceof_ArrayBuffer_12cdaa4161423e6b: function(arg0) {
            let result;
            try {
                result = arg0 instanceof ArrayBuffer;
            } catch (_) {
                result = false;
            }
            const ret = result;
            return ret;
        },
        __wbg_instanceof_Uint8Array_d7aeb0dcb3108fea: function(arg0) {
            let result;
            try {
                result = arg0 instanceof Uint8Array;
            } catch (_) {
                result = false;
            }
            const ret = result;
            return ret;
        },
        __wbg_isArray_bcf1376d0d732d08: function(arg0) {
            const ret = Array.isArray(arg0);
            return ret;
        },
        __wbg_isSafeInteger_1a35ba4d31e71d38: function(arg0) {
            const ret = Number.isSafeInteger(arg0);
            return ret;
        },
        __wbg_iterator_e4c5e8f68ada7b58: function() {
            const ret = Symbol.iterator;
            return ret;
        },
        __wbg_length_186163212ffe79c3: function(arg0) {
            const ret = arg0.length;
            return ret;
        },
        __wbg_length_b03a0fabb109b1e9: function(arg0) {
            const ret = arg0.length;
            return ret;
        },
        __wbg_msCrypto_d5f06fad6bf1409b: function(arg0) {
            const ret = arg0.msCrypto;
            return ret;
        },
        __wbg_new_13de428334042d26: function(arg0) {
            const ret = new Uint8Array(arg0);
            return ret;
        },
        __wbg_new_37eb45aaf5eeb820: function() {
            const ret = new Array();
            return ret;
        },
        __wbg_new_cd4348290afae586: function() {
            const ret = new Object();
            return ret;
        },
        __wbg_new_from_slice_b8daf545a41c6aa0: function(arg0, arg1) {
            const ret = new Uint8Array(getArrayU8FromWasm0(arg0, arg1));
            return ret;
        },
        __wbg_new_with_length_01b143a7e5dd5a3e: function(arg0) {
            const ret = new Uint8Array(arg0 >>> 0);
            return ret;
        },
        __wbg_next_178c1651c11432b3: function(arg0) {
            const ret = arg0.next;
            return ret;
        },
        __wbg_next_af5ac6a08bb0a717: function() { return handleError(function (arg0) {
            const ret = arg0.next();
            return ret;
        }, arguments); },
        __wbg_node_86166ff8ce1f2002: function(arg0) {
            const ret = arg0.node;
            return ret;
        },
        __wbg_parse_c3f72b5a24f83c01: function() { return handleError(function (arg0, arg1) {
            const ret = JSON.parse(getStringFromWasm0(arg0, arg1));
            return ret;
        }, arguments); },
        __wbg_process_91f425a63f58e399: function(arg0) {
            const ret = arg0.process;
            return ret;
        },
        __wbg_prototypesetcall_13162965d1fe7aa3: function(arg0, arg1, arg2) {
            Uint8Array.prototype.set.call(getArrayU8FromWasm0(arg0, arg1), arg2);
        },
        __wbg_randomFillSync_34b023059e3363de: function() { return handleError(function (arg0, arg1) {
            arg0.randomFillSync(arg1);
        }, arguments); },
        __wbg_require_9a7d8cc2e1d275c0: function() { return handleError(function () {
            const ret = module.require;
            return ret;
        }, arguments); },
        __wbg_set_2793479888329cb6: function() { return handleError(function (arg0, arg1, arg2) {
            const ret = Reflect.set(arg0, arg1, arg2);
            return ret;
        }, arguments); },
        __wbg_set_d2d33b52458e984a: function(arg0, arg1, arg2) {
            arg0[arg1 >>> 0] = arg2;
        },
        __wbg_set_e4b9a833d288759a: function(arg0, arg1, arg2) {
            arg0[arg1] = arg2;
        },
        __wbg_static_accessor_GLOBAL_THIS_003ee833af9699fc: function() {
            const ret = typeof globalThis === 'undefined' ? undefined : globalThis;
            return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
        },
        __wbg_static_accessor_GLOBAL_e4293fb22cbe77da: function() {
            const ret = typeof global === 'undefined' ? undefined : global;
            return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
        },
        __wbg_static_accessor_SELF_53bb20457401453d: function() {
            const ret = typeof self === 'undefined' ? undefined : self;
            return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
        },
        __wbg_static_accessor_WINDOW_b5e0810bfecb7feb: function() {
            const ret = typeof window === 'undefined' ? undefined : window;
            return isLikeNone(ret) ? 0 : addToExternrefTable0(ret);
        },
        __wbg_stringify_0a0fbf2ef722380a: function() { return handleError(function (arg0) {
            const ret = JSON.stringify(arg0);
            return ret;
        }, arguments); },
        __wbg_subarray_58f388a9247ac0bb: function(arg0, arg1, arg2) {
            const ret = arg0.subarray(arg1 >>> 0, arg2 >>> 0);
            return ret;
        },
        __wbg_value_e0f328965e184931: function(arg0) {
            const ret = arg0.value;
            return ret;
        },
        __wbg_versions_6e128a981b0df859: function(arg0) {
            const ret = arg0.versions;
            return ret;
        },
        __wbindgen_generic_0000000000000001: function(arg0) {
            // Cast intrinsic for `F64 -> Externref`.
            const ret = arg0;
            return ret;
        },
        __wbindgen_generic_0000000000000002: function(arg0) {
            // Cast intrinsic for `I64 -> Externref`.
            const ret = arg0;
            return ret;
        },
        __wbindgen_generic_0000000000000003: function(arg0, arg1) {
            // Cast intrinsic for `Ref(Slice(U8)) -> NamedExternref("Uint8Array")`.
            const ret = getArrayU8FromWasm0(arg0, arg1);
            return ret;
        },
        __wbindgen_generic_0000000000000004: function(arg0, arg1) {
            // Cast intrinsic for `Ref(String) -> Externref`.
            const ret = getStringFromWasm0(arg0, arg1);
            return ret;
        },
        __wbindgen_generic_0000000000000005: function(arg0) {
            // Cast intrinsic for `U64 -> Externref`.
            const ret = BigInt.asUintN(64, arg0);
            return ret;
        },
        __wbindgen_init_externref_table: function() {
            const table = wasm.__wbindgen_externrefs;
            table.set(0, undefined);
            table.set(1024, undefined);
            table.set(1025, null);
            table.set(1026, true);
            table.set(1027, false);
        },
    };
    return {
        __proto__: null,
        "./govshare_wasm_bg.js": import0,
    };
}

const ApplicationFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_application_free(ptr, 1));
const AuditLogFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_auditlog_free(ptr, 1));
const AuditVerifierFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_auditverifier_free(ptr, 1));
const CatalogFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_catalog_free(ptr, 1));
const CatalogLoaderFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_catalogloader_free(ptr, 1));
const CatalogSetFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_catalogset_free(ptr, 1));
const KeyFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_key_free(ptr, 1));
const MaskManifestFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_maskmanifest_free(ptr, 1));
const MaskPolicyFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_maskpolicy_free(ptr, 1));
const MaskResultFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_maskresult_free(ptr, 1));
const MaskVerifierFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_maskverifier_free(ptr, 1));
const MaskerFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_masker_free(ptr, 1));
const NonceStoreFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_noncestore_free(ptr, 1));
const PlatformClientFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_platformclient_free(ptr, 1));
const ScannerFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_scanner_free(ptr, 1));
const WorkCalendarFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_workcalendar_free(ptr, 1));

function addToExternrefTable0(obj) {
    const idx = wasm.__externref_table_alloc();
    wasm.__wbindgen_externrefs.set(idx, obj);
    return idx;
}

function _assertClass(instance, klass) {
    if (!(instance instanceof klass)) {
        throw new Error(`expected instance of ${klass.name}`);
    }
}

function debugString(val) {
    switch (typeof val) {
        // primitive types
        case 'number':
        case 'boolean':
        case 'undefined':
        return `${val}`;
        case 'string':
        return JSON.stringify(val);
        case 'bigint':
        return `${val}n`;
        case 'symbol':
        return val.description !== undefined
            ? `Symbol(${val.description})`
            : 'Symbol';
        case 'function':
        return typeof val.name === 'string' && val.name !== ''
            ? `Function(${val.name})`
            : 'Function';
        case 'object': {
            if (val === null) {
                return 'null';
            }
            // objects
            if (Array.isArray(val)) {
                return '[' + Array.from(val, debugString).join(', ') + ']';
            }
            // errors
            if (val instanceof Error) {
                return `${val.name}: ${val.message}\n${val.stack}`;
            }

            const toStringOutput = toString.call(val);
            // Test for built-in
            const className = /\[object ([^\]]+)\]/.exec(toStringOutput)?.[1];

            // Failed to match the standard '[object ClassName]'
            if (className === undefined) {
                return toStringOutput;
            }
            if (className === 'Object') {
                // we're a user defined class or Object
                // JSON.stringify avoids problems with cycles, and is generally much
                // easier than looping through ownProperties of `val`.
                try {
                    return 'Object(' + JSON.stringify(val) + ')';
                } catch (_) {
                    return 'Object';
                }
            }
            // TODO we could test for more things here, like `Set`s and `Map`s.
            return className;
        }
        // Per MDN: 'This list of values is exhaustive.'
        // https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Operators/typeof#description
    }
}

function getArrayJsValueFromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    const mem = getDataViewMemory0();
    const result = [];
    for (let i = ptr; i < ptr + 4 * len; i += 4) {
        result.push(wasm.__wbindgen_externrefs.get(mem.getUint32(i, true)));
    }
    wasm.__externref_drop_slice(ptr, len);
    return result;
}

function getArrayU32FromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return getUint32ArrayMemory0().subarray(ptr / 4, ptr / 4 + len);
}

function getArrayU8FromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return getUint8ArrayMemory0().subarray(ptr / 1, ptr / 1 + len);
}

let cachedDataViewMemory0 = null;
function getDataViewMemory0() {
    if (cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || (cachedDataViewMemory0.buffer.detached === undefined && cachedDataViewMemory0.buffer !== wasm.memory.buffer)) {
        cachedDataViewMemory0 = new DataView(wasm.memory.buffer);
    }
    return cachedDataViewMemory0;
}

function getStringFromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}

let cachedUint32ArrayMemory0 = null;
function getUint32ArrayMemory0() {
    if (cachedUint32ArrayMemory0 === null || cachedUint32ArrayMemory0.byteLength === 0) {
        cachedUint32ArrayMemory0 = new Uint32Array(wasm.memory.buffer);
    }
    return cachedUint32ArrayMemory0;
}

let cachedUint8ArrayMemory0 = null;
function getUint8ArrayMemory0() {
    if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
        cachedUint8ArrayMemory0 = new Uint8Array(wasm.memory.buffer);
    }
    return cachedUint8ArrayMemory0;
}

function handleError(f, args) {
    try {
        return f.apply(this, args);
    } catch (e) {
        const idx = addToExternrefTable0(e);
        wasm.__wbindgen_exn_store(idx);
    }
}

function isLikeNone(x) {
    return x === undefined || x === null;
}

function passArray8ToWasm0(arg, malloc) {
    const ptr = malloc(arg.length * 1, 1) >>> 0;
    getUint8ArrayMemory0().set(arg, ptr / 1);
    WASM_VECTOR_LEN = arg.length;
    return ptr;
}

function passArrayJsValueToWasm0(array, malloc) {
    const ptr = malloc(array.length * 4, 4) >>> 0;
    for (let i = 0; i < array.length; i++) {
        const add = addToExternrefTable0(array[i]);
        getDataViewMemory0().setUint32(ptr + 4 * i, add, true);
    }
    WASM_VECTOR_LEN = array.length;
    return ptr;
}

function passStringToWasm0(arg, malloc, realloc) {
    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }

    let len = arg.length;
    let ptr = malloc(len, 1) >>> 0;

    const mem = getUint8ArrayMemory0();

    let offset = 0;

    for (; offset < len; offset++) {
        const code = arg.charCodeAt(offset);
        if (code > 0x7F) break;
        mem[ptr + offset] = code;
    }
    if (offset !== len) {
        if (offset !== 0) {
            arg = arg.slice(offset);
        }
        ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
        const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
        const ret = cachedTextEncoder.encodeInto(arg, view);

        offset += ret.written;
        ptr = realloc(ptr, len, offset, 1) >>> 0;
    }

    WASM_VECTOR_LEN = offset;
    return ptr;
}

function takeFromExternrefTable0(idx) {
    const value = wasm.__wbindgen_externrefs.get(idx);
    wasm.__externref_table_dealloc(idx);
    return value;
}

let cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
cachedTextDecoder.decode();
const MAX_SAFARI_DECODE_BYTES = 2146435072;
let numBytesDecoded = 0;
function decodeText(bytes) {
    numBytesDecoded += bytes.length;
    if (numBytesDecoded >= MAX_SAFARI_DECODE_BYTES) {
        cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
        cachedTextDecoder.decode();
        numBytesDecoded = bytes.length;
    }
    return cachedTextDecoder.decode(bytes);
}

const cachedTextEncoder = new TextEncoder();

if (!('encodeInto' in cachedTextEncoder)) {
    cachedTextEncoder.encodeInto = function (arg, view) {
        const buf = cachedTextEncoder.encode(arg);
        view.set(buf);
        return {
            read: arg.length,
            written: buf.length
        };
    };
}

let WASM_VECTOR_LEN = 0;

let wasmModule, wasmInstance, wasm;
function __wbg_finalize_init(instance, module) {
    wasmInstance = instance;
    wasm = instance.exports;
    wasmModule = module;
    cachedDataViewMemory0 = null;
    cachedUint32ArrayMemory0 = null;
    cachedUint8ArrayMemory0 = null;
    wasm.__wbindgen_start();
    return wasm;
}

async function __wbg_load(module, imports) {
    if (typeof Response === 'function' && module instanceof Response) {
        if (!module.ok) {
            throw new Error(`failed to fetch Wasm: ${module.status} ${module.statusText} fetching '${module.url}'`);
        }

        if (typeof WebAssembly.instantiateStreaming === 'function') {
            try {
                return await WebAssembly.instantiateStreaming(module, imports);
            } catch (e) {
                const validResponse = expectedResponseType(module.type);

                if (validResponse && module.headers.get('Content-Type') !== 'application/wasm') {
                    console.warn("`WebAssembly.instantiateStreaming` failed because your server does not serve Wasm with `application/wasm` MIME type. Falling back to `WebAssembly.instantiate` which is slower. Original error:\n", e);

                } else { throw e; }
            }
        }

        const bytes = await module.arrayBuffer();
        return await WebAssembly.instantiate(bytes, imports);
    } else {
        const instance = await WebAssembly.instantiate(module, imports);

        if (instance instanceof WebAssembly.Instance) {
            return { instance, module };
        } else {
            return instance;
        }
    }

    function expectedResponseType(type) {
        switch (type) {
            case 'basic': case 'cors': case 'default': return true;
        }
        return false;
    }
}

function initSync(module) {
    if (wasm !== undefined) return wasm;


    if (module !== undefined) {
        if (Object.getPrototypeOf(module) === Object.prototype) {
            ({module} = module)
        } else {
            console.warn('using deprecated parameters for `initSync()`; pass a single object instead')
        }
    }

    const imports = __wbg_get_imports();
    if (!(module instanceof WebAssembly.Module)) {
        module = new WebAssembly.Module(module);
    }
    const instance = new WebAssembly.Instance(module, imports);
    return __wbg_finalize_init(instance, module);
}

let __wbg_init_promise;
async function __wbg_init(module_or_path) {
    if (wasm !== undefined) return wasm;
    if (__wbg_init_promise === undefined) {
        __wbg_init_promise = __wbg_init_once(module_or_path);
        __wbg_init_promise.catch(() => { __wbg_init_promise = undefined; });
    }
    return __wbg_init_promise;
}

async function __wbg_init_once(module_or_path) {

    if (module_or_path !== undefined) {
        if (Object.getPrototypeOf(module_or_path) === Object.prototype) {
            ({module_or_path} = module_or_path)
        } else {
            console.warn('using deprecated parameters for the initialization function; pass a single object instead')
        }
    }

    if (module_or_path === undefined) {
        module_or_path = new URL('govshare_wasm_bg.wasm', import.meta.url);
    }
    const imports = __wbg_get_imports();

    if (typeof module_or_path === 'string' || (typeof Request === 'function' && module_or_path instanceof Request) || (typeof URL === 'function' && module_or_path instanceof URL)) {
        module_or_path = fetch(module_or_path);
    }

    const { instance, module } = await __wbg_load(await module_or_path, imports);

    return __wbg_finalize_init(instance, module);
}

export { initSync, __wbg_init as default };
