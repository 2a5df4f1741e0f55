import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from "kysely";

/** The first table a statement names, for tallies ("SelectQueryNode PS_DOC_HDR"). */
function tableOf(node: RootOperationNode): string {
  const match = /"TableNode".*?"IdentifierNode","name":"([^"]+)"/.exec(JSON.stringify(node));
  return `${node.kind} ${match?.[1] ?? "?"}`;
}

/**
 * Counts the statements a Kysely instance runs (add with `db.withPlugin(counter)`), in all and per statement kind and
 * first table; BEGIN/COMMIT are not counted.
 */
export class QueryCounter implements KyselyPlugin {
  count = 0;
  readonly byTable = new Map<string, number>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++;
    const key = tableOf(args.node);
    this.byTable.set(key, (this.byTable.get(key) ?? 0) + 1);
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }

  reset(): void {
    this.count = 0;
    this.byTable.clear();
  }
}
