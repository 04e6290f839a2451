import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the tests find the two kinds of openb trace: the small sample the
 * project made itself (always there), and the production trace beside the
 * checkout in ../shared/workloads/openb/, which may not be copied into the
 * project and is absent from a plain clone.
 */
export const SAMPLE_NODES = fileURLToPath(new URL('./fixtures/openb-sample/nodes.csv', import.meta.url));
export const SAMPLE_PODS = fileURLToPath(new URL('./fixtures/openb-sample/pods.csv', import.meta.url));

const SHARED = fileURLToPath(new URL('../../../shared/workloads/openb/', import.meta.url));
export const PRODUCTION_NODES = `${SHARED}openb_node_list_all_node.csv`;
export const PRODUCTION_PODS = `${SHARED}openb_pod_list_default.csv`;
export const PRODUCTION_POD_LISTS = ['openb_pod_list_default.csv', 'openb_pod_list_gpushare100.csv', 'openb_pod_list_multigpu50.csv', 'openb_pod_list_cpu050.csv'].map((f) => `${SHARED}${f}`);

/** True when the production trace is beside the checkout; tests that need it are skipped, and say so, when it is not. */
export const PRODUCTION_TRACE_PRESENT = existsSync(PRODUCTION_NODES) && existsSync(PRODUCTION_PODS);

/** The sentence a skipped test's name carries. */
export const PRODUCTION_TRACE_ABSENT_NOTE = PRODUCTION_TRACE_PRESENT ? '' : ' [SKIPPED: the production trace ../shared/workloads/openb/ is absent]';
