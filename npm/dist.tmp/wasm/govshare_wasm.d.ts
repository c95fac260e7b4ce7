/* tslint:disable */
/* eslint-disable */

/** An HTTP message in govshare's JSON form (`body_base64` for non-UTF-8 bodies). */
export type HttpMessageJson =
| { method: string; target: string; headers: [string, string][]; body?: string; body_base64?: string }
| { status: number; headers: [string, string][]; body?: string; body_base64?: string };

/** A message with a signature added, and what was added. */
export interface SignedHttpMessage {
    message: HttpMessageJson;
    label: string;
    signature_input: string;
    signature: string;
    base: string;
}



// `HttpMessageJson` is declared once, in sign.rs.
/** The canonical bytes of a JSON document and their digests (lowercase hex). */
export interface CanonicalDigestBytes {
    canonical: Uint8Array;
    sha256: string;
    sm3: string;
}


/**
 * A Content-Digest algorithm.
 */
export type DigestAlgorithm = "sha-256" | "sha-512" | "sm3";

/**
 * A [`SignedMessage`] as plain data for the bindings: the message in its
 * JSON form (see [`crate::http_message`]).
 */
export interface SignedMessageView {
    /**
     * The signed message, JSON form.
     */
    message: string;
    label: string;
    signature_input: string;
    signature: string;
    base: string;
}

/**
 * A catalog resource and the data items wanted from it.
 */
export interface Target {
    /**
     * 信息资源代码, e.g. `101001/00001`.
     */
    resource_code: string;
    /**
     * 信息项 names, as the catalog spells them.
     */
    items: string[];
}

/**
 * A data need (需求清单 entry): data the catalog does not list yet.
 */
export interface DataNeed {
    /**
     * Short title of the needed data.
     */
    title: string;
    description: string;
    items: NeededItem[];
    /**
     * The department thought to hold the data.
     */
    holder: HolderGuess;
}

/**
 * A government department.
 */
export interface Department {
    name: string;
    /**
     * 统一社会信用代码 (GB 32100), checked by validation.
     */
    credit_code: string;
}

/**
 * A note that is not a violation (e.g. a policy field found in no record).
 */
export interface ReportWarning {
    code: string;
    field: string;
}

/**
 * A person: applicant or contact.
 */
export interface Person {
    name: string;
    phone?: string;
    email?: string;
}

/**
 * A problem with one value, record, or the manifest. `record` is the
 * 0-based record number in input order (none for manifest-level problems).
 */
export interface Violation {
    record: number | undefined;
    /**
     * 1-based input line of the record, when known.
     */
    line?: number;
    /**
     * The value's path, e.g. `applicant.phones[0]`; the policy field name
     * for manifest-level problems.
     */
    field: string;
    /**
     * The declared rule of the field (`plain` when the field is unlisted).
     */
    rule: string;
    reason: string;
    /**
     * For `identifier_leak`: the detector kind.
     */
    kind?: string;
    /**
     * The value with at most 4 characters revealed (see [`redact_excerpt`]).
     */
    excerpt: string;
}

/**
 * A request for granted data.
 */
export interface DataQuery {
    resource_code: string;
    items: string[];
    /**
     * Equality filters, item name → value (e.g. the subject's identifier).
     */
    filters?: Record<string, string>;
    page_size?: number;
    cursor?: string;
    /**
     * The 权力事项 code this fetch serves (IRS `additional`).
     */
    power_item_code?: string;
}

/**
 * A search: text (may be empty) plus exact filters and paging.
 */
export interface SearchQuery {
    text?: string;
    /**
     * Provider name or provider code (统一社会信用代码), exact.
     */
    provider?: string | undefined;
    sharing?: SharingType | undefined;
    /**
     * Resource grade (the highest item grade), 1–4.
     */
    grade?: number | undefined;
    update_cycle?: UpdateCycle | undefined;
    format?: ResourceFormat | undefined;
    /**
     * Classification code prefix, e.g. `1` (类) or `101` (项).
     */
    classification_prefix?: string | undefined;
    /**
     * Hits to return (0 = only total and facets); default 20, at most 10 000.
     */
    limit?: number;
    offset?: number;
}

/**
 * A signature algorithm, named as in the RFC 9421 registry (`sm2-sm3` is our extension).
 */
export type Algorithm = "ed25519" | "ecdsa-p256-sha256" | "hmac-sha256" | "rsa-pss-sha512" | "rsa-v1_5-sha256" | "sm2-sm3";

/**
 * A signature over an entry's `hash` (its 64 ASCII hex characters).
 */
export interface AuditSignature {
    /**
     * RFC 9421 algorithm name (`ed25519`, `ecdsa-p256-sha256`, `sm2-sm3`…).
     */
    alg: string;
    key_id: string;
    /**
     * Base64 of the signature bytes.
     */
    value: string;
}

/**
 * A signature that verified, and whether a Content-Digest was checked.
 */
export interface VerifiedSignature {
    info: SignatureInfo;
    content_digest_checked: boolean;
}

/**
 * A signed receipt. `log_head` binds it to the audit log at the time.
 */
export interface DestructionReceipt {
    version: number;
    application_id: string;
    resources: string[];
    data_digests: string[];
    retention_until: string;
    destroyed_at: string;
    method: string;
    actor: string;
    /**
     * Head hash of the audit log when the receipt was made.
     */
    log_head: string;
    /**
     * SHA-256 (hex) of the canonical receipt without `hash` and `sig`.
     */
    hash: string;
    sig: AuditSignature;
}

/**
 * A step of the answer process.
 */
export type StepKind = "compliance_review" | "provider_answer";

/**
 * An application as data (the JSON form, docs/request.md).
 */
export interface ApplicationDraft {
    /**
     * Always [`APPLICATION_FORMAT`].
     */
    format: string;
    /**
     * Always [`APPLICATION_FORMAT_VERSION`].
     */
    format_version: number;
    /**
     * The requesting department's own reference, if any.
     */
    reference?: string;
    /**
     * 需求部门: who asks.
     */
    requester: Department;
    /**
     * 申请人: the person filing.
     */
    applicant: Person;
    /**
     * 联系人: whom the provider contacts.
     */
    contact: Person;
    /**
     * The catalog resource asked for; exactly one of `target` / `data_need`.
     */
    target?: Target;
    /**
     * Data not (yet) in the catalog; exactly one of `target` / `data_need`.
     */
    data_need?: DataNeed;
    /**
     * 依据: the laws, regulations or 权力事项 that make the duty need the data.
     */
    duty_basis?: DutyBasis[];
    /**
     * 用途: what the data is used for.
     */
    purpose?: string;
    /**
     * 应用场景: the business scenario.
     */
    scenario?: string;
    /**
     * 共享方式 requested.
     */
    mode: SharingMode;
    /**
     * 有效期: inclusive Beijing dates.
     */
    validity: Validity;
    frequency: Frequency;
    /**
     * 安全承诺. Missing parts are findings, not build errors.
     */
    commitments?: Commitments;
    /**
     * Attached documents, by hash (the bytes travel separately).
     */
    attachments?: Attachment[];
}

/**
 * An application's grant: who may fetch which items of which resource, when.
 */
export interface Grant {
    /**
     * The platform's application id.
     */
    application_id: string;
    /**
     * 统一社会信用代码 of the requesting department.
     */
    requester_credit_code: string;
    resource_code: string;
    items: string[];
    /**
     * Inclusive Beijing dates.
     */
    valid_from: string;
    valid_until: string;
    /**
     * The application's lifecycle state.
     */
    state: ApplicationState;
}

/**
 * An application's state and its history.
 */
export interface Lifecycle {
    state: ApplicationState;
    /**
     * Last day of validity (Beijing date), once known; `expired` is only
     * reached after it.
     */
    valid_until?: string;
    history?: TransitionRecord[];
}

/**
 * An application's status as the platform reports it.
 */
export interface ApplicationStatus {
    id: string;
    state: ApplicationState;
    /**
     * RFC 3339.
     */
    updated_at: string;
    /**
     * Reason of a rejection (or other note).
     */
    reason?: string;
    valid_until?: string;
    /**
     * While under review: the last Beijing date (`YYYY-MM-DD`) on which the
     * provider's answer is on time (working days, see `request::schedule`).
     */
    due?: string;
}

/**
 * An attached document, identified by its digest.
 */
export interface Attachment {
    name: string;
    media_type?: string;
    /**
     * SHA-256 of the bytes, 64 lowercase hex digits.
     */
    sha256: string;
    /**
     * SM3 of the bytes, 64 lowercase hex digits.
     */
    sm3?: string;
}

/**
 * Bounds that protect the parser from hostile input.
 */
export interface JcsLimits {
    /**
     * Deepest array/object nesting accepted (top-level container = 1).
     */
    max_depth: number;
    /**
     * Largest input accepted, in bytes (at most 4 GiB − 1 regardless).
     */
    max_input_bytes: number;
}

/**
 * Counts per value over every match. Resources lacking an attribute are
 * not counted in its facet. `classification` counts the top-level class
 * (类, the first character of the classification code).
 */
export interface Facets {
    provider: FacetCount[];
    sharing: FacetCount[];
    grade: FacetCount[];
    update_cycle: FacetCount[];
    format: FacetCount[];
    classification: FacetCount[];
}

/**
 * Figures for one (provider, resource) pair, or for all of them.
 */
export interface UsageRow {
    /**
     * Provider's 统一社会信用代码 (empty when not recorded; `*` in the total).
     */
    provider_code: string;
    /**
     * Resource code (`*` in the total).
     */
    resource: string;
    /**
     * Applications submitted.
     */
    applications: number;
    granted: number;
    rejected: number;
    withdrawn: number;
    /**
     * Submitted, not answered, not withdrawn.
     */
    pending: number;
    /**
     * Answered on or before the due date (or with no due date).
     */
    answered_on_time: number;
    /**
     * Answered after the due date.
     */
    answered_late: number;
    /**
     * Pending and past the due date at `now`.
     */
    overdue: number;
    /**
     * Median hours from submission to answer.
     */
    median_answer_hours: number | undefined;
    /**
     * Longest hours from submission to answer.
     */
    max_answer_hours: number | undefined;
}

/**
 * HMAC hash function of the `hash` rule.
 */
export type HashAlg = "sm3" | "sha256";

/**
 * How far a load has come, for a progress bar.
 */
export interface LoadProgress {
    bytes_read: number;
    total_bytes: number;
    resources_loaded: number;
}

/**
 * How often the data will be fetched.
 */
export interface Frequency {
    kind: FrequencyKind;
    /**
     * Upper bound of calls per day, when known (> 0).
     */
    max_calls_per_day?: number;
}

/**
 * Inclusive validity period, Beijing dates `YYYY-MM-DD`.
 */
export interface Validity {
    from: string;
    until: string;
}

/**
 * Limits applied while reading untrusted documents.
 */
export interface LoadOptions {
    /**
     * Largest accepted document, in bytes (default 2 GiB).
     */
    max_document_bytes?: number;
    /**
     * Deepest accepted nesting of arrays and objects (default 64; a valid
     * catalog needs 6).
     */
    max_depth?: number;
    /**
     * Longest accepted JSON string, in bytes as written (default 1 MiB).
     */
    max_string_bytes?: number;
    /**
     * Call the progress callback every this many resources (default 10 000).
     */
    progress_every?: number;
}

/**
 * Limits of a streaming run.
 */
export interface StreamOptions {
    /**
     * At most this many violations/findings/issues are listed; counts stay exact.
     */
    max_listed?: number;
    /**
     * A record larger than this is an error (`limit_exceeded`).
     */
    max_record_bytes?: number;
}

/**
 * One code used by resources of several catalogs.
 */
export interface CodeConflict {
    code: string;
    /**
     * Ids of the catalogs having it, sorted.
     */
    catalogs: string[];
    /**
     * The resource name in each of those catalogs (same order).
     */
    names: string[];
    /**
     * All copies are identical.
     */
    identical: boolean;
}

/**
 * One coded finding.
 */
export interface Finding {
    /**
     * Stable snake_case code (see docs/request.md).
     */
    code: string;
    severity: Severity;
    /**
     * JSON path into the application (or `$` for the whole).
     */
    path: string;
    message_en: string;
    message_zh: string;
}

/**
 * One data item (信息项) of a resource.
 */
export interface DataItem {
    /**
     * 信息项名称, e.g. `统一社会信用代码`.
     */
    name: string;
    /**
     * 数据类型.
     */
    type: ItemType;
    /**
     * 数据长度 (characters or digits); absent for unbounded types.
     */
    length?: number;
    /**
     * Grade 1–4 (L1 不敏感 … L4 敏感).
     */
    grade: number;
    /**
     * The provider is the authoritative source of this item (一数一源).
     */
    authoritative?: boolean;
    /**
     * The personal-information kind, when the item holds one; the masking
     * module derives default rules from it (e.g. `cn_resident_id`, `name`).
     */
    pi_kind?: string;
}

/**
 * One data resource (信息资源) with its core metadata.
 */
export interface Resource {
    /**
     * 信息资源代码: classification code + "/" + sequence, e.g. `101001/00001`.
     */
    code: string;
    /**
     * 信息资源分类: 类 (1 digit) 项 (2) 目 (3) 细目 (variable), e.g. `101001`.
     * Empty when missing (a lint finding, not a load error).
     */
    classification?: string;
    /**
     * 信息资源名称 (≤ 50 characters). Empty when missing.
     */
    name?: string;
    /**
     * 提供方: the providing department's name. Empty when missing.
     */
    provider?: string;
    /**
     * 提供方代码: the provider's 统一社会信用代码. Empty when missing.
     */
    provider_code?: string;
    /**
     * 信息资源摘要 (≤ 256 characters). Empty when missing.
     */
    abstract?: string;
    /**
     * 信息资源格式; `None` when missing.
     */
    format?: ResourceFormat;
    /**
     * 信息项: the data items. Empty when missing.
     */
    items?: DataItem[];
    /**
     * 共享属性.
     */
    sharing: Sharing;
    /**
     * 开放属性.
     */
    open?: OpenAttribute;
    /**
     * 更新周期; `None` when missing.
     */
    update_cycle?: UpdateCycle;
    /**
     * 发布日期, `YYYY-MM-DD`. Empty when missing.
     */
    published?: string;
    /**
     * 关联资源代码.
     */
    related?: string[];
}

/**
 * One duty basis.
 */
export interface DutyBasis {
    kind: DutyBasisKind;
    /**
     * Title of the law or regulation, or name of the 权力事项.
     */
    title: string;
    /**
     * Article, e.g. `第十二条`.
     */
    article?: string;
    /**
     * 权力事项编码 (required for `power_item`).
     */
    code?: string;
}

/**
 * One field's rule as written in a policy, approval or manifest (JSON).
 *
 * Only the parameters of its `rule` may be present; [`Rule::from_spec`]
 * checks that. `item`, `grade`, `pi_kind` and `source` are provenance that
 * [`derive`](super::MaskPolicy::derive) fills in; they do not change the rule.
 */
export interface FieldRule {
    rule: RuleKind;
    first?: number;
    last?: number;
    mask_char?: string;
    scope?: KeepScope;
    value?: string;
    alg?: HashAlg;
    to?: GeneralizeTo;
    width?: number;
    /**
     * 信息项名称 the rule was derived for.
     */
    item?: string;
    grade?: number;
    /**
     * Personal-information kind; also selects type checks of kept characters.
     */
    pi_kind?: string;
    /**
     * `default` (from grade and pi_kind), `approval`, or `explicit`.
     */
    source?: string;
}

/**
 * One identifier found by the scanner.
 */
export interface ScanFinding {
    record: number;
    field: string;
    kind: string;
    reason: string;
    excerpt: string;
}

/**
 * One identifier found in a text, for bindings: byte offsets into the UTF-8
 * text and character (Unicode scalar) offsets.
 */
export interface DetectedIdentifier {
    kind: string;
    reason: string;
    start: number;
    end: number;
    char_start: number;
    char_end: number;
    excerpt: string;
}

/**
 * One item the department may fetch, until when.
 */
export interface EntitledItem {
    name: string;
    /**
     * Last Beijing date it may be fetched (the latest of its grants).
     */
    valid_until: string;
}

/**
 * One line of the log.
 */
export interface AuditEntry {
    /**
     * 0 for the first entry, then +1 per entry.
     */
    seq: number;
    /**
     * `hash` of the previous entry; [`GENESIS`] for the first.
     */
    prev: string;
    event: AuditEvent;
    /**
     * SHA-256 (hex) of the canonical JSON of `{seq, prev, event}`.
     */
    hash: string;
    sig?: AuditSignature;
}

/**
 * One needed data item.
 */
export interface NeededItem {
    name: string;
    description?: string;
}

/**
 * One page of granted data.
 */
export interface DataPage {
    resource_code: string;
    /**
     * Column names, in row order.
     */
    items: string[];
    /**
     * The rows as canonical JSON: an array of arrays, one value per item.
     */
    rows_json: string;
    row_count: number;
    next_cursor?: string;
    /**
     * The masking manifest the platform declares it applied, canonical JSON
     * (verify the data against it with the mask module).
     */
    mask_manifest?: string;
    /**
     * The platform's detached signature over `mask_manifest`, base64
     * (`sign::profile::verify_detached`).
     */
    mask_manifest_signature?: string;
}

/**
 * One page of results, the total, and facet counts over all matches.
 */
export interface SearchResult {
    total: number;
    hits: SearchHit[];
    facets: Facets;
    /**
     * True when no resource had every term and any-term matching was used.
     */
    relaxed: boolean;
}

/**
 * One problem found in a catalog.
 */
export interface LintFinding {
    /**
     * Stable snake_case code, e.g. `missing_metadata`.
     */
    code: string;
    severity: Severity;
    /**
     * Id of the catalog.
     */
    catalog: string;
    /**
     * Code of the resource concerned (none for catalog-level findings).
     */
    resource: string | undefined;
    /**
     * JSON path in the catalog document, e.g. `$.resources[3].abstract`.
     */
    path: string;
    message: string;
    message_zh: string;
}

/**
 * One recorded move.
 */
export interface TransitionRecord {
    from: ApplicationState;
    to: ApplicationState;
    /**
     * RFC 3339, as the caller gave it.
     */
    at: string;
}

/**
 * One signature found in a message (not yet verified).
 */
export interface SignatureInfo {
    label: string;
    /**
     * Covered component identifiers, serialized (`"@method"`, `"@query-param";name="a"`).
     */
    components: string[];
    created: number | undefined;
    expires: number | undefined;
    nonce: string | undefined;
    keyid: string | undefined;
    alg: string | undefined;
    tag: string | undefined;
}

/**
 * One step with its due date.
 */
export interface StepDeadline {
    step: StepKind;
    /**
     * Beijing date the step started (not counted).
     */
    starts: string;
    working_days: number;
    /**
     * Last Beijing date on which the step is on time.
     */
    due: string;
    /**
     * Beijing date it completed, if it has.
     */
    completed?: string;
    /**
     * Completed after `due`, or not completed and `now` is past `due`.
     */
    overdue: boolean;
}

/**
 * One thing wrong with a log. `code` is stable:
 * `malformed_entry`, `entry_changed`, `chain_broken`, `entries_removed`,
 * `entries_reordered`, `entry_duplicated`, `bad_signature`, `unknown_key`,
 * `unsigned_entry`, `log_truncated`.
 */
export interface AuditProblem {
    code: string;
    /**
     * 1-based line of the log (0: the log as a whole).
     */
    line: number;
    /**
     * The entry's own sequence number, when it could be read.
     */
    seq: number | undefined;
    message: string;
    message_zh: string;
}

/**
 * One year's schedule.
 */
export interface YearSchedule {
    /**
     * Holiday name (`春节`) → days off, `YYYY-MM-DD`.
     */
    holidays: Record<string, string[]>;
    /**
     * Weekend days that are working days.
     */
    makeup_workdays?: string[];
}

/**
 * Options of [`MaskPolicy::derive`].
 */
export interface DeriveOptions {
    /**
     * 信息项名称 → record key, for items whose key is not their name.
     */
    map?: Map<string, string>;
    /**
     * Only the items of the resource with this code.
     */
    resource?: string;
    /**
     * The approval of the sharing request, when it sets rules.
     */
    approval?: Approval;
    mask_char?: string;
}

/**
 * Per-call values that must not be invented by core: the time and a nonce.
 */
export interface CallContext {
    /**
     * RFC 3339.
     */
    now: string;
    /**
     * Caller-generated random string (used by x-tif).
     */
    nonce: string;
}

/**
 * Per-field counts.
 */
export interface FieldStats {
    /**
     * The policy/manifest field name (may contain `[*]`).
     */
    field: string;
    /**
     * Declared rule (verify) or policy rule (apply).
     */
    rule: string;
    /**
     * Values seen under this field.
     */
    values: number;
    /**
     * Values with a violation (verify) or that could not take the rule (apply).
     */
    violations: number;
}

/**
 * Policy knobs of validation (docs/request.md).
 */
export interface ValidationPolicy {
    /**
     * Longest validity accepted, in days counting both ends (default 366:
     * one year, leap years included).
     */
    max_validity_days?: number;
}

/**
 * Result of [`MaskVerifier::finish`].
 */
export interface VerifyReport {
    /**
     * No violation at all.
     */
    passed: boolean;
    records: number;
    bytes: number;
    fields: FieldStats[];
    violation_count: number;
    /**
     * Counts per reason (exact).
     */
    reasons: CountByName[];
    violations: Violation[];
    violations_truncated: boolean;
    warnings: ReportWarning[];
}

/**
 * Result of [`Masker::finish`].
 */
export interface ApplyReport {
    records: number;
    bytes_in: number;
    bytes_out: number;
    fields: FieldStats[];
    /**
     * Identifiers masked inside plain/unlisted fields (free text), per kind.
     */
    leaks_masked: CountByName[];
    issue_count: number;
    /**
     * `rule_not_applicable`, `wrong_type`, `malformed_record`, `ragged_row`...
     */
    issues: Violation[];
    issues_truncated: boolean;
    warnings: ReportWarning[];
}

/**
 * Result of [`Scanner::finish`].
 */
export interface ScanReport {
    records: number;
    bytes: number;
    finding_count: number;
    /**
     * Counts per detector kind (exact; only kinds found).
     */
    kinds: CountByName[];
    findings: ScanFinding[];
    findings_truncated: boolean;
    /**
     * Malformed records, ragged CSV rows.
     */
    violations: Violation[];
    violation_count: number;
}

/**
 * Secrets returned by the IRS refresh calls. Never logged by core.
 */
export interface IrsSecrets {
    request_secret: string;
    /**
     * Unix milliseconds.
     */
    request_secret_end_time: number;
    refresh_secret: string;
    /**
     * Unix milliseconds.
     */
    refresh_secret_end_time: number;
}

/**
 * Settings of an x-tif gateway.
 */
export interface XTifConfig {
    /**
     * `x-tif-paasid`.
     */
    paas_id: string;
    /**
     * `x-tif-serviceId`, when the gateway routes by service.
     */
    service_id?: string;
}

/**
 * Settings of the Zhejiang IRS gateway.
 */
export interface IrsConfig {
    /**
     * `appKey`.
     */
    app_key: string;
    /**
     * Default 权力事项 code for the `additional` parameter, when a call names none.
     */
    power_matters?: string;
    /**
     * Path of the secret refresh endpoints, joined with `refreshTokenByKey.htm`
     * / `refreshTokenBySec.htm` (default `/gateway/app/`).
     */
    refresh_path?: string;
}

/**
 * Sizes of a loaded catalog (for tools and benchmarks).
 */
export interface CatalogStats {
    resources: number;
    items: number;
    distinct_item_names: number;
    distinct_strings: number;
    terms: number;
    /**
     * Approximate heap bytes held by the store and the index.
     */
    memory_bytes: number;
}

/**
 * Sorted by count (descending), then value.
 */
export interface FacetCount {
    value: string;
    count: number;
}

/**
 * Target of the `generalize` rule.
 */
export type GeneralizeTo = "year" | "year_month" | "province" | "city" | "county" | "age_band";

/**
 * The calendar file format (see docs/request.md).
 */
export interface HolidayFile {
    /**
     * Where the schedule comes from.
     */
    source?: string;
    /**
     * Year (`"2026"`) → that year's schedule.
     */
    years: Record<string, YearSchedule>;
}

/**
 * The canonical form of a JSON document and its two digests.
 */
export interface CanonicalDigests {
    /**
     * RFC 8785 canonical JSON text.
     */
    canonical: string;
    /**
     * SHA-256 of the canonical bytes, lowercase hex.
     */
    sha256: string;
    /**
     * SM3 of the canonical bytes, lowercase hex.
     */
    sm3: string;
}

/**
 * The department believed to hold needed data; its code may be unknown.
 */
export interface HolderGuess {
    name: string;
    credit_code?: string;
}

/**
 * The end of "within N working days" of a start date.
 */
export interface DueDate {
    /**
     * `YYYY-MM-DD`.
     */
    due: string;
    /**
     * False if a day counted was outside the loaded years (weekends-only there).
     */
    in_range: boolean;
}

/**
 * The masking part of an approved sharing request.
 */
export interface Approval {
    id?: string;
    /**
     * Item name (or record key) → the rule the approval sets.
     */
    fields?: Map<string, FieldRule>;
    /**
     * Fields for which the approval explicitly allows a rule looser than
     * (or not comparable to) the grade's default.
     */
    allow_looser?: string[];
}

/**
 * The report over a whole log.
 */
export interface UsageReport {
    /**
     * The `now` the overdue counts are taken at.
     */
    now: string;
    entries: number;
    /**
     * Rows sorted by provider code, then resource. An application for
     * several resources counts in each of their rows.
     */
    rows: UsageRow[];
    /**
     * Every application counted once.
     */
    total: UsageRow;
}

/**
 * The result of validation.
 */
export interface ValidationReport {
    /**
     * No finding of severity `error`.
     */
    ok: boolean;
    outcome: Outcome;
    /**
     * The deadline track, when the resource was found (or a data need).
     */
    track?: Track;
    findings: Finding[];
}

/**
 * The rule names of the policy format.
 */
export type RuleKind = "keep" | "redact" | "replace" | "hash" | "generalize" | "truncate" | "plain";

/**
 * The signature base and field values, before the signature exists.
 */
export interface PreparedSignature {
    label: string;
    /**
     * The bytes to sign (RFC 9421 §2.5).
     */
    base: number[];
    /**
     * The Signature-Input member value, e.g. `("@method");created=1`.
     */
    signature_input: string;
    /**
     * The Content-Digest value `finish_signature` adds, if any.
     */
    content_digest: string | undefined;
    /**
     * The algorithm named by `alg`, if any (lets finish check the length).
     */
    algorithm: Algorithm | undefined;
}

/**
 * The steps, and warnings such as `calendar_out_of_range`.
 */
export interface Schedule {
    steps: StepDeadline[];
    findings: Finding[];
}

/**
 * The verdict on a log.
 */
export interface AuditVerification {
    /**
     * No problem found.
     */
    valid: boolean;
    /**
     * Entries read (lines that are not blank).
     */
    entries: number;
    /**
     * Entries whose signature verified with a known key.
     */
    signed: number;
    /**
     * Hash of the last entry ([`GENESIS`] for an empty log).
     */
    head: string;
    problems: AuditProblem[];
}

/**
 * Time limits in working days. The decree's own numbers were not public
 * when this was written; the defaults follow a published 2024 local rule.
 */
export interface DeadlinePolicy {
    /**
     * Coordinating department's compliance review (default 2).
     */
    compliance_review_days?: number;
    /**
     * Provider's answer when the data is already on the platform (default 5).
     */
    answer_days_on_platform?: number;
    /**
     * Provider's answer otherwise, and for data needs (default 10).
     */
    answer_days_not_on_platform?: number;
}

/**
 * What a caller records. Only codes, times and digests: text fields that
 * contain a personal identifier are refused with `audit_personal_value`.
 */
export interface AuditEvent {
    /**
     * RFC 3339 timestamp given by the caller (core never reads the clock).
     */
    time: string;
    action: AuditAction;
    /**
     * Who acted: a department's 统一社会信用代码, a key id or a system name.
     */
    actor: string;
    application_id?: string;
    /**
     * Catalog resource codes concerned.
     */
    resources?: string[];
    /**
     * The providing department's 统一社会信用代码.
     */
    provider_code?: string;
    /**
     * `sha256:<hex>` or `sm3:<hex>` of the request (see [`digest`]).
     */
    request_digest?: string;
    /**
     * `sha256:<hex>` or `sm3:<hex>` of the response or data.
     */
    response_digest?: string;
    /**
     * `ok` or an error / finding code (snake_case).
     */
    outcome?: string;
    /**
     * The application's state after the event (`queued`, `granted`…; snake_case).
     */
    status?: string;
    /**
     * Answer deadline (`YYYY-MM-DD`) of a submitted application.
     */
    due?: string;
}

/**
 * What a credit code check found.
 */
export type CreditCodeStatus = "valid" | "check_failed" | "malformed";

/**
 * What a verifier requires beyond a valid signature.
 */
export interface VerificationPolicy {
    /**
     * The label to verify; `None` picks the only signature, or the only one
     * whose `keyid` is the key's id.
     */
    label?: string | undefined;
    /**
     * Components the signature must cover (same notation as `SignatureParams::components`).
     */
    required_components?: string[];
    require_created?: boolean;
    require_expires?: boolean;
    require_nonce?: boolean;
    /**
     * Reject signatures older than this (`now - created`), beyond the skew.
     */
    max_age_seconds?: number | undefined;
    clock_skew_seconds?: number;
    required_tag?: string | undefined;
    /**
     * Accept a non-empty body that the signature does not cover through
     * `content-digest` (RFC 9421's own examples need this). Off by default.
     */
    allow_uncovered_body?: boolean;
}

/**
 * What an applied delta did.
 */
export interface DeltaOutcome {
    catalog: string;
    base_version: number;
    new_version: number;
    added: number;
    replaced: number;
    withdrawn: number;
    /**
     * Resources in the catalog afterwards.
     */
    resources: number;
}

/**
 * What happened. The set follows a sharing application through its life.
 */
export type AuditAction = "build" | "sign" | "send" | "submit" | "decide" | "withdraw" | "fetch" | "verify" | "mask_verdict" | "destroy";

/**
 * What kind of basis a duty rests on.
 */
export type DutyBasisKind = "law" | "regulation" | "power_item";

/**
 * What may be fetched of one resource.
 */
export interface Entitlement {
    resource_code: string;
    /**
     * Sorted by name.
     */
    items: EntitledItem[];
    /**
     * The latest `valid_until` of its items.
     */
    valid_until: string;
    /**
     * Ids of the applications it comes from, sorted.
     */
    application_ids: string[];
}

/**
 * What the schedule is computed from.
 */
export interface ScheduleInput {
    /**
     * RFC 3339 time of submission.
     */
    submitted_at: string;
    track: Track;
    /**
     * The requested data is already published on the platform (conditional track).
     */
    data_on_platform?: boolean;
    /**
     * RFC 3339 time the compliance review completed, if it has.
     */
    review_completed_at?: string;
    /**
     * RFC 3339 time the provider answered, if it has.
     */
    answered_at?: string;
}

/**
 * What to generate. Plain data, so bindings can pass it as JSON.
 */
export interface SampleOptions {
    /**
     * Number of resources.
     */
    resources?: number;
    /**
     * PRNG seed; the same options always give the same bytes.
     */
    seed?: number;
    /**
     * Inject the lint problems listed by [`injected_findings`].
     */
    with_findings?: boolean;
    /**
     * `catalog.id` of the document.
     */
    catalog_id?: string;
    /**
     * `catalog.name` of the document.
     */
    catalog_name?: string;
    /**
     * `None`: national departments. `Some("浙江省")`: that province's
     * departments (the name of a provincial-level division, e.g. `北京市`).
     */
    province?: string | undefined;
}

/**
 * What to sign and which signature parameters to emit.
 */
export interface SignatureParams {
    /**
     * The signature label (`sig1`); a Dictionary key: lowercase, digits, `_-.*`.
     */
    label?: string;
    /**
     * Covered components in order: `@method`, `content-type`,
     * `@query-param;name="id"`, `"example-dict";key="a"`, …
     */
    components?: string[];
    created?: number | undefined;
    expires?: number | undefined;
    nonce?: string | undefined;
    keyid?: string | undefined;
    /**
     * Emit an `alg` parameter (must match the key's algorithm).
     */
    alg?: Algorithm | undefined;
    tag?: string | undefined;
    /**
     * Add (or replace) `Content-Digest` with this algorithm and cover it,
     * when the body is non-empty or `content-digest` is listed. `null` to
     * leave the message's digest alone (default `sha-256`).
     */
    content_digest?: DigestAlgorithm | undefined;
}

/**
 * What was destroyed, by whom, when.
 */
export interface DestructionRequest {
    application_id: string;
    resources: string[];
    /**
     * `sha256:<hex>` / `sm3:<hex>` digests of the data sets destroyed.
     */
    data_digests: string[];
    /**
     * Last day the data could be kept (`YYYY-MM-DD`).
     */
    retention_until: string;
    /**
     * RFC 3339 time of destruction; must be after `retention_until`.
     */
    destroyed_at: string;
    /**
     * How: `deleted`, `overwritten`, `crypto_erased`… (snake_case).
     */
    method: string;
    /**
     * The department that destroyed the data.
     */
    actor: string;
}

/**
 * Where a data item occurs and who is authoritative for it.
 */
export interface ItemQueryResult {
    /**
     * The name asked for.
     */
    name: string;
    /**
     * Exact-name occurrences first, then near names (containing the name
     * after normalization), each sorted by item name, catalog, code.
     */
    occurrences: ItemOccurrence[];
    /**
     * Providers marking the exact item `authoritative`, by provider.
     */
    authoritative: AuthoritativeSource[];
    /**
     * More than one provider claims to be the authoritative source.
     */
    conflict: boolean;
    /**
     * Near-name occurrences were cut at [`MAX_NEAR_OCCURRENCES`].
     */
    near_truncated: boolean;
}

/**
 * Where a submitted application goes next (a lifecycle state name).
 */
export type Outcome = "granted" | "under_review" | "rejected" | "incomplete";

/**
 * Where an application stands.
 */
export type ApplicationState = "draft" | "submitted" | "granted" | "under_review" | "approved" | "rejected" | "withdrawn" | "active" | "expired" | "destroyed";

/**
 * Where in an input an error was found. All parts are optional: a JSON path
 * like `$.resources[3].items[0].grade`, and a 1-based line and column.
 */
export interface Location {
    path: string | undefined;
    line: number | undefined;
    column: number | undefined;
}

/**
 * Where the IRS parameters go.
 */
export type IrsPlacement = "query" | "headers";

/**
 * Where the platform is and how its gateway wants requests shaped.
 */
export interface PlatformConfig {
    /**
     * `https://host[:port][/prefix]`, without a trailing slash.
     */
    base_url: string;
    gateway: GatewayKind;
    x_tif?: XTifConfig;
    irs?: IrsConfig;
}

/**
 * Whether a day is worked, and whether the calendar knew that year.
 */
export interface DayKind {
    working: boolean;
    in_range: boolean;
}

/**
 * Which answer path an application takes.
 */
export type Track = "unconditional" | "conditional" | "not_shared" | "data_need";

/**
 * Which catalog this is, and at which version.
 */
export interface CatalogInfo {
    /**
     * Short stable id, e.g. `national` or `zhejiang`; hits name it.
     */
    id: string;
    /**
     * Human name, e.g. `国家政务数据目录`.
     */
    name: string;
    /**
     * Monotonic version; deltas name the version they apply to.
     */
    version: number;
    /**
     * Publication date of this version, `YYYY-MM-DD`.
     */
    published?: string;
}

/**
 * Which gateway sits in front of the platform.
 */
export type GatewayKind = "none" | "x_tif" | "zj_irs";

/**
 * Which part of the value a `keep` rule works on.
 */
export type KeepScope = "whole" | "email_local";

/**
 * 使用频度.
 */
export type FrequencyKind = "once" | "on_demand" | "realtime" | "daily" | "weekly" | "monthly";

/**
 * 信息资源格式.
 */
export type ResourceFormat = "file" | "spreadsheet" | "database" | "image" | "stream" | "self_describing" | "service";

/**
 * 共享属性: type, conditions (or the refusal basis), and modes.
 */
export interface Sharing {
    type: SharingType;
    /**
     * 共享条件: for conditional, the conditions; for not-shared, the legal
     * or policy basis of the refusal; for unconditional, may be `无条件`.
     */
    conditions?: string;
    /**
     * 共享方式.
     */
    modes?: SharingMode[];
}

/**
 * 共享方式.
 */
export type SharingMode = "system_integration" | "online_query" | "online_browse" | "online_service" | "download" | "copy" | "other";

/**
 * 共享类型.
 */
export type SharingType = "unconditional" | "conditional" | "not_shared";

/**
 * 安全承诺: where the data is kept, how long, and when it is destroyed.
 */
export interface Commitments {
    /**
     * 存储位置, e.g. the system or data centre.
     */
    storage_location?: string;
    /**
     * 保存期限 in days.
     */
    retention_days?: number;
    /**
     * 销毁日期 (Beijing date).
     */
    destruction_date?: string;
}

/**
 * 开放属性.
 */
export interface OpenAttribute {
    type: OpenType;
    conditions?: string;
}

/**
 * 开放类型.
 */
export type OpenType = "unconditional" | "conditional" | "not_open";

/**
 * 数据类型 of a data item, by the standard's one-letter codes.
 */
export type ItemType = "C" | "N" | "Y" | "D" | "T" | "L" | "M" | "G" | "B" | "I" | "F";

/**
 * 更新周期.
 */
export type UpdateCycle = "realtime" | "daily" | "weekly" | "monthly" | "quarterly" | "yearly";

export interface AuthoritativeSource {
    provider: string;
    provider_code: string;
    /**
     * `catalog:code` of each resource where it is marked authoritative.
     */
    resources: string[];
}

export interface CountByName {
    name: string;
    count: number;
}

export interface ItemOccurrence {
    catalog: string;
    code: string;
    resource_name: string;
    provider: string;
    provider_code: string;
    item_name: string;
    /**
     * False for a near name (one that contains the name asked for).
     */
    exact: boolean;
    authoritative: boolean;
    grade: number;
    data_type: ItemType;
    length: number | undefined;
}

export interface SearchHit {
    /**
     * Id of the catalog the resource is in.
     */
    catalog: string;
    code: string;
    name: string;
    provider: string;
    provider_code: string;
    sharing: SharingType;
    grade: number;
    /**
     * Relevance (0 when browsing), rounded to 6 decimals.
     */
    score: number;
    /**
     * Names of the resource's items that contain a query term.
     */
    matched_items: string[];
}

export type Severity = "error" | "warning" | "info";


/**
 * A structurally valid sharing application.
 */
export class Application {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * The canonical (RFC 8785) JSON form.
     */
    canonicalJson(): string;
    /**
     * Canonical form with SHA-256 and SM3 digests.
     */
    digests(): CanonicalDigests;
    /**
     * The data, as a plain `ApplicationDraft` (to edit and rebuild).
     */
    draft(): ApplicationDraft;
    /**
     * Parses the JSON form strictly (duplicate and unknown keys refused).
     */
    static fromJson(text: string): Application;
    /**
     * The JSON form.
     */
    toJson(): string;
}

/**
 * Appends to a hash-chained audit log. Sans-IO: `append` returns the line to
 * write (no newline); keep `head` elsewhere to detect truncation later.
 */
export class AuditLog {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Appends an entry signed with `key`; returns its line.
     */
    appendSigned(event: AuditEvent | string, key: Key): string;
    /**
     * Appends an unsigned entry (an `AuditEvent` or its JSON text); returns its line.
     */
    append(event: AuditEvent | string): string;
    /**
     * A new, empty log.
     */
    constructor();
    /**
     * Continues a log from its text or bytes (reads the last entry).
     */
    static resume(log: string | Uint8Array): AuditLog;
    /**
     * Hash of the last entry (64 zeros when empty).
     */
    readonly head: string;
    /**
     * Entries so far (= the next sequence number).
     */
    readonly nextSeq: number;
}

/**
 * Verifies whole logs: hashes, links, sequence, signatures, kept head.
 */
export class AuditVerifier {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Accepts signatures by `key` (its public half is kept; HMAC: the secret).
     */
    addKey(key: Key): void;
    /**
     * A head hash kept earlier: the log must still contain it.
     */
    expectHead(head?: string | null): void;
    constructor();
    /**
     * Every entry must be signed by a known key.
     */
    requireSignatures(required: boolean): void;
    /**
     * The verdict; never throws for a bad log (problems are reported).
     */
    verify(log: string | Uint8Array): AuditVerification;
}

/**
 * A loaded, indexed catalog.
 */
export class Catalog {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Applies a delta (bytes or string); on any error the catalog is unchanged.
     */
    applyDelta(delta: string | Uint8Array): DeltaOutcome;
    /**
     * Loads a catalog document with explicit limits (`LoadOptions`).
     */
    static fromJsonWith(input: string | Uint8Array, options: LoadOptions): Catalog;
    /**
     * Loads a catalog document from a `Uint8Array` (preferred for large
     * catalogs: V8 caps one string near 512 MiB) or a string.
     */
    static fromJson(input: string | Uint8Array): Catalog;
    /**
     * Loads a binary snapshot made by `toSnapshot` (much faster than indexing).
     */
    static fromSnapshot(bytes: Uint8Array | number[]): Catalog;
    /**
     * Id, name, version, publication date.
     */
    info(): CatalogInfo;
    /**
     * True when the bytes start like a snapshot (rather than JSON).
     */
    static isSnapshot(bytes: Uint8Array | number[]): boolean;
    /**
     * Which resources carry a data item, and who is its authoritative source.
     */
    item(name: string): ItemQueryResult;
    /**
     * Lint findings, in a stable order.
     */
    lint(): LintFinding[];
    /**
     * A resource by code, or `undefined`.
     */
    resource(code: string): Resource | undefined;
    /**
     * The bundled sample catalog (≈200 resources), already loaded.
     */
    static sample(): Catalog;
    /**
     * Full-text search with exact filters, facets and paging.
     */
    search(query: SearchQuery): SearchResult;
    /**
     * Sizes: resources, items, distinct names, terms, memory.
     */
    stats(): CatalogStats;
    /**
     * The catalog as a JSON document (UTF-8 bytes).
     */
    toJson(): Uint8Array;
    /**
     * The binary snapshot of this catalog.
     */
    toSnapshot(): Uint8Array;
    /**
     * Number of resources.
     */
    readonly size: number;
}

/**
 * Loads a catalog pushed in chunks (a stream, a file read piece by piece),
 * holding at most one resource's JSON at a time besides the index.
 */
export class CatalogLoader {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Ends the document and builds the index. The loader is consumed.
     */
    finish(): Catalog;
    /**
     * A loader; `totalBytes` (optional) is only reported back in progress.
     */
    constructor(total_bytes?: number | null);
    /**
     * Feeds the next chunk (64 KiB or more is best); returns the progress so far.
     */
    push(chunk: Uint8Array | number[]): LoadProgress;
}

/**
 * Several catalogs (e.g. the national one and a province's) searched as one.
 */
export class CatalogSet {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Adds a catalog (the JS object is consumed); its id must be new.
     */
    add(catalog: Catalog): void;
    /**
     * Applies a delta to the catalog it names.
     */
    applyDelta(delta: string | Uint8Array): DeltaOutcome;
    /**
     * Resource codes present in more than one catalog (never merged silently).
     */
    conflicts(): CodeConflict[];
    /**
     * Ids of the catalogs, sorted.
     */
    ids(): string[];
    /**
     * Item query over all catalogs.
     */
    item(name: string): ItemQueryResult;
    constructor();
    /**
     * One search over all catalogs; each hit names its `catalog`.
     */
    search(query: SearchQuery): SearchResult;
}

/**
 * A signing or verification key (private, public, or an HMAC secret).
 * Secret material never appears in `toString()` or in errors.
 */
export class Key {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * From DER bytes (PKCS#8, SPKI, SEC1, PKCS#1).
     */
    static fromDer(bytes: Uint8Array | number[], algorithm?: Algorithm | null): Key;
    /**
     * An `hmac-sha256` key from its secret (bytes or string).
     */
    static fromHmacSecret(secret: string | Uint8Array): Key;
    /**
     * From a JWK (object or JSON text).
     */
    static fromJwk(jwk: string | object, algorithm?: Algorithm | null): Key;
    /**
     * From PEM text (PKCS#8, SPKI, SEC1, PKCS#1); `algorithm` disambiguates RSA.
     */
    static fromPem(text: string, algorithm?: Algorithm | null): Key;
    /**
     * From raw bytes: Ed25519 seed/public key, SEC1 point, SM2 scalar, …
     */
    static fromRaw(algorithm: Algorithm, bytes: Uint8Array | number[], _private: boolean): Key;
    /**
     * A fresh key from the platform RNG (RSA generation is not offered).
     */
    static generate(algorithm: Algorithm): Key;
    /**
     * Public key bytes (Ed25519 raw, SEC1 point, PKCS#1 DER; empty for HMAC).
     */
    publicKeyBytes(): Uint8Array;
    /**
     * The public half (same key id).
     */
    publicKey(): Key;
    setKeyId(key_id: string): void;
    setSm2UserId(id: string): void;
    /**
     * Signs raw bytes (ECDSA/SM2: `r || s`).
     */
    sign(data: string | Uint8Array): Uint8Array;
    /**
     * RFC 7638 JWK thumbprint (base64url SHA-256).
     */
    thumbprint(): string;
    /**
     * The JWK as JSON text; private members only when asked.
     */
    toJwk(include_private?: boolean | null): string;
    /**
     * PKCS#8 DER of the private key (secret).
     */
    toPkcs8Der(): Uint8Array;
    /**
     * PKCS#8 PEM of the private key (secret).
     */
    toPkcs8Pem(): string;
    toSpkiDer(): Uint8Array;
    toSpkiPem(): string;
    /**
     * `Key { algorithm, key_id, private }` — never key material.
     */
    toString(): string;
    /**
     * Verifies a signature over raw bytes; throws `signature_invalid` (or another code) if not.
     */
    verify(data: string | Uint8Array, signature: Uint8Array | number[]): void;
    readonly algorithm: Algorithm;
    readonly isPrivate: boolean;
    /**
     * The key id (yours, or the RFC 7638 thumbprint).
     */
    readonly keyId: string;
    /**
     * The SM2 user id (SM2 keys only).
     */
    readonly sm2UserId: string | undefined;
}

/**
 * The rules a provider declares it applied.
 */
export class MaskManifest {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * The canonical JSON bytes (sorted keys, no spaces): what gets signed.
     */
    canonicalJson(): Uint8Array;
    static fromJson(json: string): MaskManifest;
    /**
     * For `JSON.stringify`: the manifest as a plain object.
     */
    toJSON(): any;
    /**
     * The canonical JSON as a string.
     */
    toJson(): string;
}

/**
 * The fields each rule must be masked to.
 */
export class MaskPolicy {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Derives a policy from catalog resources: a catalog document or an array of
     * resources (JSON text, bytes, or the objects `Catalog.resource()` returns),
     * with `DeriveOptions` (object or JSON text; optional).
     */
    static derive(resources: string | Uint8Array | Resource[] | object, options: DeriveOptions | string | undefined): MaskPolicy;
    /**
     * The field names (or patterns) the policy names.
     */
    fieldNames(): string[];
    /**
     * Parses a policy (`docs/masking.md`).
     */
    static fromJson(json: string): MaskPolicy;
    /**
     * The manifest a provider applying this policy declares.
     */
    manifest(): MaskManifest;
    /**
     * The policy as JSON.
     */
    toJson(): string;
}

/**
 * Masked output and the apply report.
 */
export class MaskResult {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * The masked bytes (for a stream: those produced by the last chunk).
     */
    readonly output: Uint8Array;
    readonly report: ApplyReport;
}

/**
 * Checks records pushed in chunks against a policy (and a provider's manifest).
 */
export class MaskVerifier {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Ends the input; returns the report (`passed`, counts, violations).
     */
    finish(): VerifyReport;
    constructor(policy: MaskPolicy, format_name: string, manifest: MaskManifest | string | Uint8Array | object | undefined, options?: StreamOptions | null);
    /**
     * Feeds the next chunk; returns the bytes consumed so far.
     */
    push(chunk: string | Uint8Array): number;
}

/**
 * Applies a policy to records pushed in chunks; each push returns the masked
 * bytes ready so far.
 */
export class Masker {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Ends the input: the last output and the report.
     */
    finish(): MaskResult;
    /**
     * The manifest of the policy being applied.
     */
    manifest(): MaskManifest;
    /**
     * `hashKey`: the HMAC key of `hash` rules (bytes; never echoed).
     */
    constructor(policy: MaskPolicy, format_name: string, hash_key?: Uint8Array | number[] | null, options?: StreamOptions | null);
    /**
     * Feeds the next chunk; returns the masked output produced by it.
     */
    push(chunk: string | Uint8Array): Uint8Array;
}

/**
 * Remembers verified nonces across `verifyMessage` calls to refuse replays.
 */
export class NonceStore {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * A store holding at most `capacity` unexpired nonces (default 100 000).
     */
    constructor(capacity?: number | null);
    /**
     * `verifyMessage` that also refuses a nonce this store has seen for the key.
     */
    verifyMessage(message: HttpMessageJson | string, key: Key, policy: VerificationPolicy, now: number, request: HttpMessageJson | string | undefined): VerifiedSignature;
    /**
     * Nonces currently remembered.
     */
    readonly size: number;
}

/**
 * Builds the platform's HTTP requests (sans-IO) for a configuration.
 */
export class PlatformClient {
    free(): void;
    [Symbol.dispose](): void;
    catalogDeltaRequest(since_version: number, ctx_: CallContext): HttpMessageJson;
    catalogRequest(ctx_: CallContext): HttpMessageJson;
    /**
     * The configuration.
     */
    config(): PlatformConfig;
    /**
     * Refuses (`not_entitled`) a query outside the entitlements; nothing is built then.
     */
    dataRequest(query: DataQuery, entitlements: Entitlement[], ctx_: CallContext): HttpMessageJson;
    irsRefreshByKeyRequest(ctx_: CallContext): HttpMessageJson;
    irsRefreshBySecretRequest(ctx_: CallContext): HttpMessageJson;
    constructor(config: PlatformConfig);
    statusRequest(id: string, ctx_: CallContext): HttpMessageJson;
    submitRequest(app: Application, ctx_: CallContext): HttpMessageJson;
    withdrawRequest(id: string, reason: string | null | undefined, ctx_: CallContext): HttpMessageJson;
}

/**
 * Finds identifiers in records pushed in chunks (bounded memory).
 */
export class Scanner {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Ends the input; returns the report.
     */
    finish(): ScanReport;
    /**
     * `format`: `json` (an array), `ndjson` or `csv`.
     */
    constructor(format_name: string, options?: StreamOptions | null);
    /**
     * Feeds the next chunk; returns the bytes consumed so far.
     */
    push(chunk: string | Uint8Array): number;
}

/**
 * Working days: weekends, public holidays and make-up workdays.
 */
export class WorkCalendar {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Adds (or replaces) years from a calendar file.
     */
    addJson(text: string): void;
    /**
     * The last day of "within `days` working days" after `start`.
     */
    dueDate(start: string, days: number): DueDate;
    /**
     * The embedded calendar (State Council notices).
     */
    static embedded(): WorkCalendar;
    /**
     * A calendar from a calendar file only.
     */
    static fromJson(text: string): WorkCalendar;
    /**
     * Whether a Beijing date `YYYY-MM-DD` is worked.
     */
    isWorkingDay(date: string): DayKind;
    /**
     * Years the calendar knows.
     */
    years(): Uint32Array;
}

/**
 * `sha256:<hex>` of a string (UTF-8) or bytes: the form of event digests.
 */
export function auditDigest(data: string | Uint8Array): string;

/**
 * Applications per resource and provider, answer times against deadlines,
 * overdue counts at `now` (RFC 3339). Refuses a log that does not verify.
 */
export function auditUsageReport(log: string | Uint8Array, now: string): UsageReport;

/**
 * Checks a draft and builds an application, or throws the first problem.
 */
export function buildApplication(draft: ApplicationDraft): Application;

/**
 * The canonical bytes and their SHA-256 and SM3 digests.
 */
export function canonicalDigests(input: string | Uint8Array): CanonicalDigestBytes;

/**
 * RFC 8785 canonical form of a JSON document (string or UTF-8 bytes).
 */
export function canonicalize(input: string | Uint8Array): Uint8Array;

/**
 * RFC 8785 canonical form as a string.
 */
export function canonicalizeToString(input: string | Uint8Array): string;

/**
 * Like `canonicalize`, with explicit parser limits (`JcsLimits`).
 */
export function canonicalizeWith(input: string | Uint8Array, limits: JcsLimits): Uint8Array;

/**
 * GB 32100 check of a 统一社会信用代码.
 */
export function checkCreditCode(code: string): CreditCodeStatus;

/**
 * Throws `not_entitled` unless every item of the resource is entitled.
 */
export function checkEntitled(entitlements: Entitlement[], resource_code: string, items: string[]): void;

/**
 * The RFC 9530 Content-Digest field value of `body`.
 */
export function contentDigest(body: string | Uint8Array, algorithm: DigestAlgorithm): string;

/**
 * A signed receipt for data whose retention ended, bound to the log's head.
 */
export function destructionReceipt(request: DestructionRequest | string, log_head: string, key: Key): DestructionReceipt;

/**
 * The identifiers in one text (offsets in UTF-8 bytes and in characters).
 */
export function detectIdentifiers(text: string): DetectedIdentifier[];

/**
 * DER ECDSA-Sig-Value → `r || s` (64 bytes).
 */
export function ecdsaSignatureFromDer(der: Uint8Array | number[]): Uint8Array;

/**
 * `r || s` (64 bytes) → DER ECDSA-Sig-Value, for tools that want DER.
 */
export function ecdsaSignatureToDer(raw: Uint8Array | number[]): Uint8Array;

/**
 * A department's current entitlements at `now`, by resource.
 */
export function entitlements(grants: Grant[], credit_code: string, now: string): Entitlement[];

/**
 * External signers, step 2: adds the signature made over `prepared.base`
 * (ECDSA/SM2 as `r || s` or DER).
 */
export function finishSignature(message: HttpMessageJson | string, prepared: PreparedSignature, signature: Uint8Array | number[], request: HttpMessageJson | string | undefined): SignedHttpMessage;

/**
 * Parses an HTTP message in govshare's JSON form and prints it back normalized.
 */
export function httpMessageNormalize(json: string): string;

/**
 * The signatures a message carries (unverified), in Signature-Input order.
 */
export function listSignatures(message: HttpMessageJson | string): SignatureInfo[];

/**
 * Masks a whole input.
 */
export function maskApply(policy: MaskPolicy, format_name: string, data: string | Uint8Array, hash_key?: Uint8Array | number[] | null, options?: StreamOptions | null): MaskResult;

/**
 * Scans a whole input for identifiers.
 */
export function maskScan(format_name: string, data: string | Uint8Array, options?: StreamOptions | null): ScanReport;

/**
 * Verifies a whole input.
 */
export function maskVerify(policy: MaskPolicy, format_name: string, data: string | Uint8Array, manifest: MaskManifest | string | Uint8Array | object | undefined, options?: StreamOptions | null): VerifyReport;

/**
 * Parses the answer to submit, status and withdraw requests.
 */
export function parseApplicationResponse(response: HttpMessageJson): ApplicationStatus;

/**
 * Parses the answer to a catalog delta request: the delta document (plain JSON data).
 */
export function parseCatalogDeltaResponse(response: HttpMessageJson): unknown;

/**
 * Parses the answer to a catalog request: the catalog document (plain JSON data).
 */
export function parseCatalogResponse(response: HttpMessageJson): unknown;

/**
 * Parses a data page, refusing data that was not asked for.
 */
export function parseDataResponse(response: HttpMessageJson, query: DataQuery): DataPage;

/**
 * Parses an IRS secret refresh answer.
 */
export function parseIrsRefreshResponse(response: HttpMessageJson): IrsSecrets;

/**
 * The signature parameters of a platform request (for an external signer:
 * `prepareSignature(message, params)` then `finishSignature`).
 */
export function platformRequestParams(msg: HttpMessageJson | string, key_id: string, created: number, nonce: string): SignatureParams;

/**
 * External signers, step 1: the signature base (`base`, bytes to sign) and
 * the Signature-Input value. Sign `base` elsewhere, then `finishSignature`.
 */
export function prepareSignature(message: HttpMessageJson | string, params: SignatureParams, request: HttpMessageJson | string | undefined): PreparedSignature;

/**
 * `a` reveals no more than `b`.
 */
export function ruleAtLeastAsStrict(a: FieldRule, b: FieldRule): boolean;

/**
 * A deterministic sample catalog document (JSON text).
 */
export function sampleCatalog(options: SampleOptions): string;

/**
 * Options for `sampleCatalog`: a national catalog of `resources` resources.
 */
export function sampleOptions(resources: number, seed: number): SampleOptions;

/**
 * Each step's due date and whether it is overdue at `now` (RFC 3339).
 */
export function schedule(calendar: WorkCalendar, policy: DeadlinePolicy | null | undefined, input: ScheduleInput, now: string): Schedule;

/**
 * Adds the Zhejiang IRS `appKey`/`requestTime` (ms)/`sign` parameters.
 */
export function signIrs(message: HttpMessageJson | string, app_key: string, request_secret: string, request_time_ms: number, placement: IrsPlacement): HttpMessageJson;

/**
 * Signs `message` (RFC 9421), adding Content-Digest, Signature-Input and Signature.
 * `request` is the request a response answers (for `;req` components).
 */
export function signMessage(message: HttpMessageJson | string, key: Key, params: SignatureParams, request: HttpMessageJson | string | undefined): SignedHttpMessage;

/**
 * Signs a platform request with the department's key: `@method`,
 * `@target-uri`, `content-type`, Content-Digest, `created`, `nonce`, `keyid`.
 */
export function signPlatformRequest(msg: HttpMessageJson | string, key: Key, created: number, nonce: string): SignedHttpMessage;

/**
 * Adds the x-tif gateway headers (timestamp in Unix seconds, fresh nonce).
 */
export function signXtif(message: HttpMessageJson | string, paas_id: string, paas_token: string, timestamp: number, nonce: string, service_id?: string | null): HttpMessageJson;

/**
 * The RFC 9421 signature base of `label` in a Signature-Input field value.
 */
export function signatureBase(message: HttpMessageJson | string, signature_input: string, label: string, request: HttpMessageJson | string | undefined): string;

/**
 * The SM2 digest e = SM3(Z_A || M) for a public key (SEC1 point) and user id.
 */
export function sm2Digest(public_key: Uint8Array | number[], data: string | Uint8Array, user_id?: string | null): Uint8Array;

/**
 * SM3 hash (GB/T 32905) of bytes or a string.
 */
export function sm3(data: string | Uint8Array): Uint8Array;

/**
 * Moves a lifecycle to `to` at `now` (RFC 3339), or throws `illegal_transition`.
 */
export function transition(lifecycle: Lifecycle, to: ApplicationState, now: string): Lifecycle;

/**
 * Validates an application against a loaded catalog (coded findings).
 */
export function validateApplication(app: Application, catalog: Catalog, policy?: ValidationPolicy | null): ValidationReport;

/**
 * Validates an application against a list of catalog resources.
 */
export function validateApplicationWithResources(app: Application, resources: Resource[], policy?: ValidationPolicy | null): ValidationReport;

/**
 * Checks a receipt (the object, its JSON text or bytes) against the signer's key.
 */
export function verifyDestructionReceipt(receipt: DestructionReceipt | string | Uint8Array, key: Key): DestructionReceipt;

/**
 * Checks a page of granted data before use: the platform's signature over
 * its masking manifest, then every value against the manifest and the
 * resource's grades (and the approval's rules, when given).
 */
export function verifyMaskedPage(page: DataPage, resource: Resource, approval: Approval | null | undefined, platform_key: Key): VerifyReport;

/**
 * Verifies one signature of `message` under `policy` at `now` (Unix
 * seconds), without replay checks (use `NonceStore.verifyMessage` for those).
 */
export function verifyMessage(message: HttpMessageJson | string, key: Key, policy: VerificationPolicy, now: number, request: HttpMessageJson | string | undefined): VerifiedSignature;

/**
 * Verifies a platform's answer to `request` with the platform's public key
 * at `now` (Unix seconds): signature, covered components, Content-Digest.
 */
export function verifyPlatformResponse(response: HttpMessageJson | string, request: HttpMessageJson | string, platform_key: Key, now: number): VerifiedSignature;

/**
 * The library version.
 */
export function version(): string;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly __wbg_application_free: (a: number, b: number) => void;
    readonly __wbg_auditlog_free: (a: number, b: number) => void;
    readonly __wbg_auditverifier_free: (a: number, b: number) => void;
    readonly __wbg_catalog_free: (a: number, b: number) => void;
    readonly __wbg_catalogloader_free: (a: number, b: number) => void;
    readonly __wbg_catalogset_free: (a: number, b: number) => void;
    readonly __wbg_key_free: (a: number, b: number) => void;
    readonly __wbg_masker_free: (a: number, b: number) => void;
    readonly __wbg_maskmanifest_free: (a: number, b: number) => void;
    readonly __wbg_maskpolicy_free: (a: number, b: number) => void;
    readonly __wbg_maskresult_free: (a: number, b: number) => void;
    readonly __wbg_maskverifier_free: (a: number, b: number) => void;
    readonly __wbg_noncestore_free: (a: number, b: number) => void;
    readonly __wbg_platformclient_free: (a: number, b: number) => void;
    readonly __wbg_scanner_free: (a: number, b: number) => void;
    readonly __wbg_workcalendar_free: (a: number, b: number) => void;
    readonly application_canonicalJson: (a: number) => [number, number];
    readonly application_digests: (a: number) => [number, number, number];
    readonly application_draft: (a: number) => [number, number, number];
    readonly application_fromJson: (a: number, b: number) => [number, number, number];
    readonly application_toJson: (a: number) => [number, number, number, number];
    readonly auditDigest: (a: any) => [number, number, number, number];
    readonly auditUsageReport: (a: any, b: number, c: number) => [number, number, number];
    readonly auditlog_append: (a: number, b: any) => [number, number, number, number];
    readonly auditlog_appendSigned: (a: number, b: any, c: number) => [number, number, number, number];
    readonly auditlog_head: (a: number) => [number, number];
    readonly auditlog_new: () => number;
    readonly auditlog_nextSeq: (a: number) => number;
    readonly auditlog_resume: (a: any) => [number, number, number];
    readonly auditverifier_addKey: (a: number, b: number) => [number, number];
    readonly auditverifier_expectHead: (a: number, b: number, c: number) => void;
    readonly auditverifier_new: () => number;
    readonly auditverifier_requireSignatures: (a: number, b: number) => void;
    readonly auditverifier_verify: (a: number, b: any) => [number, number, number];
    readonly buildApplication: (a: any) => [number, number, number];
    readonly canonicalDigests: (a: any) => [number, number, number];
    readonly canonicalize: (a: any) => [number, number, number];
    readonly canonicalizeToString: (a: any) => [number, number, number, number];
    readonly canonicalizeWith: (a: any, b: any) => [number, number, number];
    readonly catalog_applyDelta: (a: number, b: any) => [number, number, number];
    readonly catalog_fromJson: (a: any) => [number, number, number];
    readonly catalog_fromJsonWith: (a: any, b: any) => [number, number, number];
    readonly catalog_fromSnapshot: (a: number, b: number) => [number, number, number];
    readonly catalog_info: (a: number) => [number, number, number];
    readonly catalog_isSnapshot: (a: number, b: number) => number;
    readonly catalog_item: (a: number, b: number, c: number) => [number, number, number];
    readonly catalog_lint: (a: number) => [number, number, number, number];
    readonly catalog_resource: (a: number, b: number, c: number) => [number, number, number];
    readonly catalog_sample: () => [number, number, number];
    readonly catalog_search: (a: number, b: any) => [number, number, number];
    readonly catalog_size: (a: number) => number;
    readonly catalog_stats: (a: number) => [number, number, number];
    readonly catalog_toJson: (a: number) => any;
    readonly catalog_toSnapshot: (a: number) => any;
    readonly catalogloader_finish: (a: number) => [number, number, number];
    readonly catalogloader_new: (a: number, b: number) => number;
    readonly catalogloader_push: (a: number, b: number, c: number) => [number, number, number];
    readonly catalogset_add: (a: number, b: number) => [number, number];
    readonly catalogset_applyDelta: (a: number, b: any) => [number, number, number];
    readonly catalogset_conflicts: (a: number) => [number, number, number, number];
    readonly catalogset_ids: (a: number) => [number, number];
    readonly catalogset_item: (a: number, b: number, c: number) => [number, number, number];
    readonly catalogset_new: () => number;
    readonly catalogset_search: (a: number, b: any) => [number, number, number];
    readonly checkCreditCode: (a: number, b: number) => [number, number, number];
    readonly checkEntitled: (a: number, b: number, c: number, d: number, e: number, f: number) => [number, number];
    readonly contentDigest: (a: any, b: any) => [number, number, number, number];
    readonly destructionReceipt: (a: any, b: number, c: number, d: number) => [number, number, number];
    readonly detectIdentifiers: (a: number, b: number) => [number, number, number, number];
    readonly ecdsaSignatureFromDer: (a: number, b: number) => [number, number, number];
    readonly ecdsaSignatureToDer: (a: number, b: number) => [number, number, number];
    readonly entitlements: (a: number, b: number, c: number, d: number, e: number, f: number) => [number, number, number, number];
    readonly finishSignature: (a: any, b: any, c: number, d: number, e: any) => [number, number, number];
    readonly httpMessageNormalize: (a: number, b: number) => [number, number, number, number];
    readonly key_algorithm: (a: number) => [number, number, number];
    readonly key_fromDer: (a: number, b: number, c: number) => [number, number, number];
    readonly key_fromHmacSecret: (a: any) => [number, number, number];
    readonly key_fromJwk: (a: any, b: number) => [number, number, number];
    readonly key_fromPem: (a: number, b: number, c: number) => [number, number, number];
    readonly key_fromRaw: (a: any, b: number, c: number, d: number) => [number, number, number];
    readonly key_generate: (a: any) => [number, number, number];
    readonly key_isPrivate: (a: number) => number;
    readonly key_keyId: (a: number) => [number, number];
    readonly key_publicKey: (a: number) => [number, number, number];
    readonly key_publicKeyBytes: (a: number) => any;
    readonly key_setKeyId: (a: number, b: number, c: number) => void;
    readonly key_setSm2UserId: (a: number, b: number, c: number) => [number, number];
    readonly key_sign: (a: number, b: any) => [number, number, number];
    readonly key_sm2UserId: (a: number) => [number, number];
    readonly key_thumbprint: (a: number) => [number, number];
    readonly key_toJwk: (a: number, b: number) => [number, number, number, number];
    readonly key_toPkcs8Der: (a: number) => [number, number, number];
    readonly key_toPkcs8Pem: (a: number) => [number, number, number, number];
    readonly key_toSpkiDer: (a: number) => [number, number, number];
    readonly key_toSpkiPem: (a: number) => [number, number, number, number];
    readonly key_toString: (a: number) => [number, number];
    readonly key_verify: (a: number, b: any, c: number, d: number) => [number, number];
    readonly listSignatures: (a: any) => [number, number, number, number];
    readonly maskApply: (a: number, b: number, c: number, d: any, e: number, f: number, g: number) => [number, number, number];
    readonly maskScan: (a: number, b: number, c: any, d: number) => [number, number, number];
    readonly maskVerify: (a: number, b: number, c: number, d: any, e: any, f: number) => [number, number, number];
    readonly masker_finish: (a: number) => [number, number, number];
    readonly masker_manifest: (a: number) => [number, number, number];
    readonly masker_new: (a: number, b: number, c: number, d: number, e: number, f: number) => [number, number, number];
    readonly masker_push: (a: number, b: any) => [number, number, number];
    readonly maskmanifest_canonicalJson: (a: number) => any;
    readonly maskmanifest_fromJson: (a: number, b: number) => [number, number, number];
    readonly maskmanifest_toJSON: (a: number) => any;
    readonly maskmanifest_toJson: (a: number) => [number, number];
    readonly maskpolicy_derive: (a: any, b: any) => [number, number, number];
    readonly maskpolicy_fieldNames: (a: number) => [number, number];
    readonly maskpolicy_fromJson: (a: number, b: number) => [number, number, number];
    readonly maskpolicy_manifest: (a: number) => number;
    readonly maskpolicy_toJson: (a: number) => [number, number];
    readonly maskresult_output: (a: number) => any;
    readonly maskresult_report: (a: number) => [number, number, number];
    readonly maskverifier_finish: (a: number) => [number, number, number];
    readonly maskverifier_new: (a: number, b: number, c: number, d: any, e: number) => [number, number, number];
    readonly maskverifier_push: (a: number, b: any) => [number, number, number];
    readonly noncestore_new: (a: number, b: number) => number;
    readonly noncestore_size: (a: number) => number;
    readonly noncestore_verifyMessage: (a: number, b: any, c: number, d: any, e: number, f: any) => [number, number, number];
    readonly parseApplicationResponse: (a: any) => [number, number, number];
    readonly parseCatalogDeltaResponse: (a: any) => [number, number, number];
    readonly parseCatalogResponse: (a: any) => [number, number, number];
    readonly parseDataResponse: (a: any, b: any) => [number, number, number];
    readonly parseIrsRefreshResponse: (a: any) => [number, number, number];
    readonly platformRequestParams: (a: any, b: number, c: number, d: number, e: number, f: number) => [number, number, number];
    readonly platformclient_catalogDeltaRequest: (a: number, b: number, c: any) => [number, number, number];
    readonly platformclient_catalogRequest: (a: number, b: any) => [number, number, number];
    readonly platformclient_config: (a: number) => [number, number, number];
    readonly platformclient_dataRequest: (a: number, b: any, c: number, d: number, e: any) => [number, number, number];
    readonly platformclient_irsRefreshByKeyRequest: (a: number, b: any) => [number, number, number];
    readonly platformclient_irsRefreshBySecretRequest: (a: number, b: any) => [number, number, number];
    readonly platformclient_new: (a: any) => [number, number, number];
    readonly platformclient_statusRequest: (a: number, b: number, c: number, d: any) => [number, number, number];
    readonly platformclient_submitRequest: (a: number, b: number, c: any) => [number, number, number];
    readonly platformclient_withdrawRequest: (a: number, b: number, c: number, d: number, e: number, f: any) => [number, number, number];
    readonly prepareSignature: (a: any, b: any, c: any) => [number, number, number];
    readonly ruleAtLeastAsStrict: (a: any, b: any) => [number, number, number];
    readonly sampleCatalog: (a: any) => [number, number, number, number];
    readonly sampleOptions: (a: number, b: number) => [number, number, number];
    readonly scanner_finish: (a: number) => [number, number, number];
    readonly scanner_new: (a: number, b: number, c: number) => [number, number, number];
    readonly scanner_push: (a: number, b: any) => [number, number, number];
    readonly schedule: (a: number, b: number, c: any, d: number, e: number) => [number, number, number];
    readonly signIrs: (a: any, b: number, c: number, d: number, e: number, f: number, g: any) => [number, number, number];
    readonly signMessage: (a: any, b: number, c: any, d: any) => [number, number, number];
    readonly signPlatformRequest: (a: any, b: number, c: number, d: number, e: number) => [number, number, number];
    readonly signXtif: (a: any, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number) => [number, number, number];
    readonly signatureBase: (a: any, b: number, c: number, d: number, e: number, f: any) => [number, number, number, number];
    readonly sm2Digest: (a: number, b: number, c: any, d: number, e: number) => [number, number, number];
    readonly sm3: (a: any) => [number, number, number];
    readonly transition: (a: any, b: any, c: number, d: number) => [number, number, number];
    readonly validateApplication: (a: number, b: number, c: number) => [number, number, number];
    readonly validateApplicationWithResources: (a: number, b: number, c: number, d: number) => [number, number, number];
    readonly verifyDestructionReceipt: (a: any, b: number) => [number, number, number];
    readonly verifyMaskedPage: (a: any, b: any, c: number, d: number) => [number, number, number];
    readonly verifyMessage: (a: any, b: number, c: any, d: number, e: any) => [number, number, number];
    readonly verifyPlatformResponse: (a: any, b: any, c: number, d: number) => [number, number, number];
    readonly version: () => [number, number];
    readonly workcalendar_addJson: (a: number, b: number, c: number) => [number, number];
    readonly workcalendar_dueDate: (a: number, b: number, c: number, d: number) => [number, number, number];
    readonly workcalendar_embedded: () => number;
    readonly workcalendar_fromJson: (a: number, b: number) => [number, number, number];
    readonly workcalendar_isWorkingDay: (a: number, b: number, c: number) => [number, number, number];
    readonly workcalendar_years: (a: number) => [number, number];
    readonly ring_core_0_17_14__bn_mul_mont: (a: number, b: number, c: number, d: number, e: number, f: number) => void;
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __externref_drop_slice: (a: number, b: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
