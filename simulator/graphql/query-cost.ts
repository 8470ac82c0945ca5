/**
 * Shopify's calculated query cost: scalars and enums 0, objects 1,
 * connections 2 plus `first`/`last` times the cost of one item, mutations 10.
 * "Requested" cost uses the page sizes asked for; "actual" cost counts what
 * the response really contained, which is what Shopify finally charges.
 */
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  getOperationAST,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  valueFromASTUntyped,
} from "graphql";

const MUTATION_COST = 10;

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** True when costing a response (`value` arguments are the returned data). */
  actual: boolean;
}

type Data = Record<string, unknown> | null | undefined;

function collectFields(w: Walk, selectionSet: SelectionSetNode | undefined): FieldNode[] {
  const out: FieldNode[] = [];
  for (const sel of selectionSet?.selections ?? []) {
    if (sel.kind === Kind.FIELD) out.push(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) out.push(...collectFields(w, sel.selectionSet));
    else if (w.fragments[sel.name.value])
      out.push(...collectFields(w, w.fragments[sel.name.value].selectionSet));
  }
  return out;
}

function argValues(w: Walk, node: FieldNode): Record<string, unknown> {
  return Object.fromEntries(
    (node.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, w.variables)]),
  );
}

const keyOf = (node: FieldNode) => node.alias?.value ?? node.name.value;

/** Fragments on other types of an abstract parent are alternatives: only the dearest counts. */
function selectionCost(
  w: Walk,
  selectionSet: SelectionSetNode | undefined,
  type: GraphQLCompositeType,
  value: Data,
): number {
  let base = 0;
  const branches = new Map<string, number>();
  for (const sel of selectionSet?.selections ?? []) {
    if (sel.kind === Kind.FIELD) {
      base += fieldCost(w, sel, type, value);
      continue;
    }
    const fragment = sel.kind === Kind.INLINE_FRAGMENT ? sel : w.fragments[sel.name.value];
    if (!fragment) continue;
    const condition = fragment.typeCondition?.name.value;
    const conditionType = condition ? w.schema.getType(condition) : type;
    if (!conditionType || !isCompositeType(conditionType)) continue;
    const cost = selectionCost(w, fragment.selectionSet, conditionType, value);
    if (!condition || condition === type.name) base += cost;
    else branches.set(condition, (branches.get(condition) ?? 0) + cost);
  }
  return base + Math.max(0, ...branches.values());
}

function isConnection(type: GraphQLCompositeType): boolean {
  return isObjectType(type) && type.name.endsWith("Connection") && "pageInfo" in type.getFields();
}

function fieldCost(w: Walk, node: FieldNode, parentType: GraphQLCompositeType, parent: Data): number {
  if (node.name.value.startsWith("__") || !(isObjectType(parentType) || isInterfaceType(parentType)))
    return 0;
  const def = parentType.getFields()[node.name.value];
  if (!def) return 0;
  const named = getNamedType(def.type);
  if (!isCompositeType(named)) return 0;
  const value = w.actual ? parent?.[keyOf(node)] : undefined;
  if (w.actual && value == null) return 0;
  if (isConnection(named)) return connectionCost(w, node, named, value as Data);
  if (isListType(getNullableType(def.type))) {
    if (w.actual) {
      return (value as Data[]).reduce(
        (sum, item) => sum + (item == null ? 0 : 1 + selectionCost(w, node.selectionSet, named, item)),
        0,
      );
    }
    const args = argValues(w, node);
    const size = typeof args.first === "number" ? args.first : Array.isArray(args.ids) ? args.ids.length : 1;
    return size * (1 + selectionCost(w, node.selectionSet, named, undefined));
  }
  return 1 + selectionCost(w, node.selectionSet, named, value as Data);
}

function connectionCost(w: Walk, node: FieldNode, type: GraphQLCompositeType, value: Data): number {
  const args = argValues(w, node);
  const requestedSize = Number(args.first ?? args.last ?? 0) || 0;
  const fields = (
    type as { getFields(): Record<string, { type: Parameters<typeof getNamedType>[0] }> }
  ).getFields();
  let total = 2;
  for (const field of collectFields(w, node.selectionSet)) {
    const name = field.name.value;
    if (name === "nodes" || name === "edges") {
      const itemType = getNamedType(fields[name].type) as GraphQLCompositeType;
      const items = w.actual
        ? ((value?.[keyOf(field)] as Data[]) ?? [])
        : Array.from({ length: requestedSize }, () => undefined);
      for (const item of items) {
        if (name === "nodes") total += 1 + selectionCost(w, field.selectionSet, itemType, item);
        else total += edgeCost(w, field, itemType, item);
      }
    } else if (name !== "pageInfo") {
      total += fieldCost(w, field, type, value);
    }
  }
  return total;
}

function edgeCost(w: Walk, edgesField: FieldNode, edgeType: GraphQLCompositeType, edge: Data): number {
  let total = 0;
  for (const field of collectFields(w, edgesField.selectionSet)) {
    if (field.name.value !== "node" || !isObjectType(edgeType)) continue;
    const nodeType = getNamedType(edgeType.getFields().node.type) as GraphQLCompositeType;
    total +=
      1 +
      selectionCost(w, field.selectionSet, nodeType, w.actual ? (edge?.[keyOf(field)] as Data) : undefined);
  }
  return total;
}

function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
  data: Data,
): number {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;
  if (operation.operation === "mutation") {
    return (
      MUTATION_COST *
      operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD && !s.name.value.startsWith("__"))
        .length
    );
  }
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const root = schema.getQueryType();
  if (!root) return 0;
  return selectionCost(
    { schema, fragments, variables, actual: data !== undefined },
    operation.selectionSet,
    root,
    data,
  );
}

export function requestedQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): number {
  return operationCost(schema, document, operationName, variables, undefined);
}

export function actualQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
  data: Record<string, unknown> | null,
): number {
  return operationCost(schema, document, operationName, variables, data ?? {});
}
