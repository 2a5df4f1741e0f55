import { performance } from "node:perf_hooks";
import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryId,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from "kysely";

/** The name of a TableNode (or an alias over one), if `node` is one. */
function tableName(node: OperationNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  const n = node as OperationNode & { table?: { identifier?: { name?: string } }; node?: OperationNode };
  if (n.kind === "TableNode") return n.table?.identifier?.name;
  if (n.kind === "AliasNode") return tableName(n.node);
  return undefined;
}

/** The first table a statement names, for tallies ("SelectQueryNode PS_DOC_HDR"), without serialising the node. */
function tableOf(node: RootOperationNode): string {
  const n = node as RootOperationNode & {
    from?: { froms?: readonly OperationNode[] };
    into?: OperationNode;
    table?: OperationNode;
  };
  const name = tableName(n.from?.froms?.[0]) ?? tableName(n.into) ?? tableName(n.table);
  if (name === undefined && node.kind === "RawNode") {
    const first = (node as { sqlFragments?: readonly string[] }).sqlFragments?.[0] ?? "";
    return `RawNode ${first.replace(/\s+/g, " ").trim().slice(0, 40)}`;
  }
  return `${node.kind} ${name ?? "?"}`;
}

/**
 * Counts the statements a Kysely instance runs (add with `db.withPlugin(counter)`), in all and per statement kind and
 * first table, with the time from each statement's compilation to its result (its wait for a connection included);
 * BEGIN/COMMIT are not counted.
 */
export class QueryCounter implements KyselyPlugin {
  count = 0;
  /** Statements sent to the server (a batch of statements joined into one request counts once). */
  roundTrips = 0;
  readonly byTable = new Map<string, number>();
  readonly msByTable = new Map<string, number>();
  private readonly started = new WeakMap<QueryId, { key: string; at: number }>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++;
    const key = tableOf(args.node);
    this.byTable.set(key, (this.byTable.get(key) ?? 0) + 1);
    this.started.set(args.queryId, { key, at: performance.now() });
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.roundTrips++;
    const started = this.started.get(args.queryId);
    if (started !== undefined)
      this.msByTable.set(started.key, (this.msByTable.get(started.key) ?? 0) + performance.now() - started.at);
    return Promise.resolve(args.result);
  }

  reset(): void {
    this.count = 0;
    this.roundTrips = 0;
    this.byTable.clear();
    this.msByTable.clear();
  }
}
