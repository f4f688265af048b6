package policy

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types"
)

// exprCostLimit bounds the work of one expression evaluation on one
// component; exceeding it is an evaluation error (which fails closed).
const exprCostLimit = 100_000

// maxExprLen bounds the source of one expression.
const maxExprLen = 4096

var (
	celEnvOnce sync.Once
	celEnv     *cel.Env
	celEnvErr  error
)

// exprEnv declares the variables an expression sees; see the package
// documentation for their fields.
func exprEnv() (*cel.Env, error) {
	celEnvOnce.Do(func() {
		m := cel.MapType(cel.StringType, cel.DynType)
		celEnv, celEnvErr = cel.NewEnv(
			cel.Variable("component", m),
			cel.Variable("origin", cel.StringType),
			cel.Variable("entity", m),
			cel.Variable("entityIds", cel.ListType(cel.StringType)),
			cel.Variable("countries", cel.ListType(cel.StringType)),
			cel.Variable("evidence", cel.ListType(m)),
		)
	})
	return celEnv, celEnvErr
}

// compileExpr compiles a rule expression once, at load.
func compileExpr(src string) (cel.Program, error) {
	if len(src) > maxExprLen {
		return nil, fmt.Errorf("longer than %d bytes", maxExprLen)
	}
	env, err := exprEnv()
	if err != nil {
		return nil, err
	}
	ast, iss := env.Compile(src)
	if iss != nil && iss.Err() != nil {
		return nil, errors.New(oneLine(iss.Err().Error()))
	}
	if t := ast.OutputType(); !t.IsExactType(cel.BoolType) && !t.IsExactType(cel.DynType) {
		return nil, fmt.Errorf("evaluates to %s, want bool", t)
	}
	return env.Program(ast, cel.CostLimit(exprCostLimit), cel.InterruptCheckFrequency(64))
}

// oneLine keeps the first line of a multi-line compiler message.
func oneLine(s string) string {
	s = strings.TrimPrefix(s, "ERROR: <input>:")
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// evalExpr runs a compiled expression; anything but a boolean result is an
// error.
func evalExpr(ctx context.Context, prog cel.Program, vars map[string]any) (bool, error) {
	out, _, err := prog.ContextEval(ctx, vars)
	if err != nil {
		return false, err
	}
	if b, ok := out.(types.Bool); ok {
		return bool(b), nil
	}
	return false, fmt.Errorf("expression gave %v (%s), want a bool", out, out.Type())
}
