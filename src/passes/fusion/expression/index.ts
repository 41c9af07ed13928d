// The elementwise expression language of kiln.FusedElementwise (see ast.ts).
export { call, callsInOrder, constant, input, inputCount, useCounts, type AttrValue, type CallExpr, type ConstExpr, type Expr, type InputExpr } from './ast.ts';
export { exprOp, exprOpByName, exprOps, type AttrKind, type ExprOp, type ResultKind } from './ops.ts';
export { formatFloat32, printConst, printExpression } from './print.ts';
export { parseExpression } from './parse.ts';
export { evaluateExpression } from './evaluate.ts';
export { clipBounds, scalarFunction, type ScalarFn } from './scalar.ts';
export { expressionFunction, expressionsFunction, FUSED_ELEMENTWISE_DOMAIN, FUSED_ELEMENTWISE_MULTI_OP, FUSED_ELEMENTWISE_OP } from './lower.ts';
