/**
 * Glossary — the words the code uses, defined once.
 *
 * - definition: a named computation, e.g. `sitefit`.
 * - version: the semver of a definition's contract, e.g. `1.0.0`; `sitefit@1.0.0` names both.
 * - contract: the files in contracts/{definition}/{version}/ (schemas, manifest, bindings, plugins, examples).
 * - manifest: a contract's limits: timeout_sec, max_vertices, max_results, max_work, concurrency class.
 * - max_work: a manifest's cap on a solve's work estimate (sitefit: rotations x (setup + region vertices x house
 *   vertices) x (1 + holes and exclusions / 4)); inputs above it are refused at submit (422 MANIFEST_LIMIT).
 * - engine timeout: the engine's own solve budget (timeout_sec) ran out for the inputs: deterministic, not
 *   retried (504 ENGINE_TIMEOUT). A transport timeout (no answer from the AppServer) is not one.
 * - job: one run request and its state (queued -> running -> succeeded | failed).
 * - inputs_hash: SHA-256 of the canonical JSON of {definition, version, materialised inputs}.
 * - result: a job's outputs. artifact: a file a result refers to, served by a minted, signed, expiring URL.
 * - engine: what computes a definition: builtin (TypeScript), grasshopper (Rhino.Compute), mock (tests).
 * - seat: one concurrent solve the AppServer allows; none free -> 429.
 * - lease: a worker's time-limited claim on a message, renewed while it works.
 * - dead-letter: where messages go that must not be retried.
 * - outbox: rows written with the job that a relay publishes to an external broker.
 * - placement: a rotation + translation of the house. setback: distance from the placed house to the parcel
 *   boundary. inner-fit polygon: every translation at which the rotated house lies inside the parcel.
 * - distinct results (sitefit): results 2..N each differ from every earlier one by a meaningful amount, in
 *   rotation or in position. 1.0.0: at least 10° of rotation (modulo the house's symmetry) or the house's size
 *   √(house area) (at least grid_step) between centroids, picked from 3 x max_results candidates (fewer results
 *   when fewer are distinct); 2.0.0: `diversity` x 100/3° or diversity x √(house
 *   area) (at least 2 grid steps), default 0.3. The best result never depends on the rule.
 */
export const GLOSSARY_VERSION = 1;
