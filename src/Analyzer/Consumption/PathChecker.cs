using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PullAnalyzer.Consumption
{
    /// <summary>How a path lets a completion stream go unread.</summary>
    internal enum PathViolation
    {
        None,
        /// <summary>A normal path reaches the end of the function, or leaves the stream's scope, with the stream unread.</summary>
        LeavesScope,
        /// <summary>The local holding the stream is assigned again first.</summary>
        Overwritten,
        /// <summary>The call that made the stream runs again (a loop) first.</summary>
        Replaced,
        /// <summary>The exec is inspected (its exit code read) before its output ended.</summary>
        InspectedEarly,
        /// <summary>The graph could not be matched to the code; nothing is claimed.</summary>
        Unknown,
    }

    /// <summary>
    /// Where an unread stream leaves a path: the branch of the flow graph after which nothing reads it any more (an edge
    /// into the function's end, out of the stream's scope, or into code that other, reading, paths reach too), or the
    /// exec inspection it reaches first. A drain placed right there reads the stream on that path and on no other.
    /// </summary>
    internal readonly struct LeakExit
    {
        private LeakExit(BasicBlock source, ControlFlowBranch? branch, IOperation? inspect)
        {
            Source = source;
            Branch = branch;
            Inspect = inspect;
        }

        /// <summary>The block the unread path is in when it leaves.</summary>
        public BasicBlock Source { get; }

        /// <summary>The branch it leaves by; null for an exec inspection.</summary>
        public ControlFlowBranch? Branch { get; }

        /// <summary>The exec inspection reached before the output ended.</summary>
        public IOperation? Inspect { get; }

        public static LeakExit By(BasicBlock source, ControlFlowBranch branch) => new LeakExit(source, branch, null);

        public static LeakExit AtInspect(BasicBlock source, IOperation inspect) => new LeakExit(source, null, inspect);
    }

    /// <summary>The path checker's answer: the first violation found, and where each unread path leaves.</summary>
    internal sealed class PathVerdict
    {
        public PathVerdict(PathViolation violation, ImmutableArray<LeakExit> exits, bool exitsAreComplete)
        {
            Violation = violation;
            Exits = exits;
            ExitsAreComplete = exitsAreComplete;
        }

        public PathViolation Violation { get; }

        /// <summary>Every place where an unread path leaves (for <see cref="PathViolation.LeavesScope"/> and <see cref="PathViolation.InspectedEarly"/>).</summary>
        public ImmutableArray<LeakExit> Exits { get; }

        /// <summary>
        /// False when a drain at the exits would read what the code already reads elsewhere (an unread path that later
        /// meets a reading one again), or the violation is one no insertion repairs (overwritten, replaced).
        /// </summary>
        public bool ExitsAreComplete { get; }

        public static PathVerdict Of(PathViolation violation) => new PathVerdict(violation, ImmutableArray<LeakExit>.Empty, false);
    }

    /// <summary>
    /// Path-sensitive half of the consumption analysis: walks the function's <see cref="ControlFlowGraph"/> forward from
    /// the point where the stream was made and asks whether every normal path reads it to its end (or hands it on)
    /// before the function ends, and if not, where each unread path leaves. Paths that end in <c>throw</c> do not count;
    /// finally blocks are looked into for a drain.
    /// </summary>
    internal static class PathChecker
    {
        [System.Flags]
        private enum Mark : byte
        {
            None = 0,
            Creation = 1,
            Done = 2,
            Overwrite = 4,
            Inspect = 8,
        }

        /// <param name="withExits">
        /// Also find where each unread path leaves (what the drain fix needs); a rule that only reports, such as PULL004,
        /// asks for the violation alone.
        /// </param>
        public static PathVerdict Check(ControlFlowGraph rootGraph, IOperation creation, ConsumptionFacts facts, bool isExec, bool withExits = true)
        {
            var graph = GraphContaining(rootGraph, creation);
            if (graph is null)
            {
                return PathVerdict.Of(PathViolation.Unknown);
            }

            var marks = MarkPositions(graph, creation.Syntax, facts, isExec);
            if (!Find(marks, Mark.Creation, out var startBlock, out var startIndex))
            {
                return PathVerdict.Of(PathViolation.Unknown);
            }

            var settledBranches = new SettledBranches(graph, facts);
            var violation = FindViolation(graph, marks, facts, settledBranches, startBlock, startIndex);
            if (!withExits || violation is not (PathViolation.LeavesScope or PathViolation.InspectedEarly))
            {
                return PathVerdict.Of(violation);
            }

            var (exits, complete) = new ExitFinder(graph, marks, facts, settledBranches).Find(startBlock, startIndex);
            return new PathVerdict(violation, exits, complete && exits.Length > 0);
        }

        /// <summary>
        /// Whether a parameter is read to its end (or handed on) on every normal path through its method: the walk
        /// starts at the method's entry instead of a creation.
        /// </summary>
        public static bool HandledOnEveryPath(ControlFlowGraph graph, ConsumptionFacts facts)
        {
            var marks = MarkPositions(graph, creation: null, facts, isExec: false);
            return FindViolation(graph, marks, facts, new SettledBranches(graph, facts), startBlock: 0, startIndex: 0) == PathViolation.None;
        }

        /// <summary>The first violation on some normal path from the stream's creation, or None.</summary>
        private static PathViolation FindViolation(ControlFlowGraph graph, Mark[][] marks, ConsumptionFacts facts, SettledBranches settledBranches, int startBlock, int startIndex)
        {
            var blocks = graph.Blocks;
            var visited = new bool[blocks.Length];
            var work = new Stack<(int Block, int Index)>();
            work.Push((startBlock, startIndex));
            var first = true;

            while (work.Count > 0)
            {
                var (blockOrdinal, index) = work.Pop();
                var blockMarks = marks[blockOrdinal];
                var done = false;
                for (var i = index; i < blockMarks.Length && !done; i++)
                {
                    var mark = blockMarks[i];
                    if ((mark & Mark.Done) != 0)
                    {
                        done = true;
                        break;
                    }

                    if (first && i == index)
                    {
                        continue;
                    }

                    if ((mark & Mark.Creation) != 0) return PathViolation.Replaced;
                    if ((mark & Mark.Overwrite) != 0) return PathViolation.Overwritten;
                    if ((mark & Mark.Inspect) != 0) return PathViolation.InspectedEarly;
                }

                first = false;
                if (done)
                {
                    continue;
                }

                var block = blocks[blockOrdinal];
                if (block.Kind == BasicBlockKind.Exit)
                {
                    return PathViolation.LeavesScope;
                }

                foreach (var branch in Successors(block))
                {
                    if (!IsNormal(branch.Semantics) || DrainsInFinally(branch, marks) || settledBranches.EndsReadLoop(block, branch) || settledBranches.TakenWhenNull(block, branch))
                    {
                        continue;
                    }

                    if (LeavesStreamScope(branch, facts))
                    {
                        // Out of the local's scope (a `continue` past a loop body's using, say) the stream is gone,
                        // whatever the loop does next.
                        return PathViolation.LeavesScope;
                    }

                    if (branch.Destination is { } destination && !visited[destination.Ordinal])
                    {
                        visited[destination.Ordinal] = true;
                        work.Push((destination.Ordinal, 0));
                    }
                }
            }

            return PathViolation.None;
        }

        /// <summary>
        /// Finds where each unread path leaves (see <see cref="LeakExit"/>): a forward walk over the unread paths that
        /// stops at the first branch into the function's end, out of the stream's scope, or into code that a reading
        /// path reaches too; and at an exec inspection.
        /// </summary>
        private sealed class ExitFinder
        {
            private readonly ControlFlowGraph _graph;
            private readonly Mark[][] _marks;
            private readonly ConsumptionFacts _facts;
            private readonly SettledBranches _settledBranches;

            /// <summary>From the block's entry an unread stream can reach a problem: the end, an inspection, an overwrite.</summary>
            private readonly bool[] _leadsToProblem;

            /// <summary>From the block's entry some path reaches a use that reads the stream to its end.</summary>
            private readonly bool[] _reachesDone;

            /// <summary>Some path enters the block after it read the stream.</summary>
            private readonly bool[] _afterDone;

            public ExitFinder(ControlFlowGraph graph, Mark[][] marks, ConsumptionFacts facts, SettledBranches settledBranches)
            {
                _graph = graph;
                _marks = marks;
                _facts = facts;
                _settledBranches = settledBranches;
                _leadsToProblem = new bool[graph.Blocks.Length];
                _reachesDone = new bool[graph.Blocks.Length];
                _afterDone = new bool[graph.Blocks.Length];
            }

            public (ImmutableArray<LeakExit> Exits, bool Complete) Find(int startBlock, int startIndex)
            {
                AnalyseBackward();
                AnalyseAfterDone(startBlock, startIndex);

                var blocks = _graph.Blocks;
                var visited = new bool[blocks.Length];
                var work = new Stack<(int Block, int Index)>();
                work.Push((startBlock, startIndex + 1));
                var exits = ImmutableArray.CreateBuilder<LeakExit>();
                var complete = true;

                while (work.Count > 0)
                {
                    var (ordinal, index) = work.Pop();
                    var block = blocks[ordinal];
                    var stopped = false;
                    for (var i = index; i < _marks[ordinal].Length && !stopped; i++)
                    {
                        var mark = _marks[ordinal][i];
                        if ((mark & Mark.Done) != 0)
                        {
                            stopped = true;
                        }
                        else if ((mark & Mark.Inspect) != 0)
                        {
                            exits.Add(LeakExit.AtInspect(block, OperationAt(block, i)));
                            // A drain before the inspection would read what a later drain of the code reads.
                            complete &= !_facts.IsReadOrHandedOn;
                            stopped = true;
                        }
                        else if ((mark & (Mark.Overwrite | Mark.Creation)) != 0)
                        {
                            complete = false;
                            stopped = true;
                        }
                    }

                    if (stopped)
                    {
                        continue;
                    }

                    foreach (var branch in Successors(block))
                    {
                        if (!IsNormal(branch.Semantics) || DrainsInFinally(branch, _marks) || _settledBranches.EndsReadLoop(block, branch) || _settledBranches.TakenWhenNull(block, branch)
                            || branch.Destination is not { } destination || !_leadsToProblem[destination.Ordinal])
                        {
                            continue;
                        }

                        var target = destination.Ordinal;
                        if (destination.Kind == BasicBlockKind.Exit)
                        {
                            exits.Add(LeakExit.By(block, branch));
                        }
                        else if (_afterDone[target])
                        {
                            // The unread path joins one that has read the stream: the drain goes before they meet, and
                            // is right only if nothing after the meeting point reads the stream again.
                            exits.Add(LeakExit.By(block, branch));
                            complete &= !_reachesDone[target];
                        }
                        else if (LeavesStreamScope(branch, _facts) && !_reachesDone[target])
                        {
                            exits.Add(LeakExit.By(block, branch));
                        }
                        else if (!visited[target])
                        {
                            visited[target] = true;
                            work.Push((target, 0));
                        }
                    }
                }

                return (exits.ToImmutable(), complete);
            }

            /// <summary><see cref="_leadsToProblem"/> and <see cref="_reachesDone"/>, to a fixed point (loops).</summary>
            private void AnalyseBackward()
            {
                var blocks = _graph.Blocks;
                for (var changed = true; changed;)
                {
                    changed = false;
                    for (var ordinal = blocks.Length - 1; ordinal >= 0; ordinal--)
                    {
                        var block = blocks[ordinal];
                        var first = FirstMark(_marks[ordinal]);
                        var problem = block.Kind == BasicBlockKind.Exit || (first != Mark.None && first != Mark.Done);
                        // A read counts only for this stream: past its creation (the loop around again) it is another one.
                        var reachesDone = DoneBeforeCreation(_marks[ordinal]);
                        var makesAnother = _marks[ordinal].Any(m => (m & Mark.Creation) != 0);
                        foreach (var branch in Successors(block))
                        {
                            // On the path where the local is null there is nothing to read, and nothing reads.
                            if (!IsNormal(branch.Semantics) || branch.Destination is not { } destination || _settledBranches.TakenWhenNull(block, branch))
                            {
                                continue;
                            }

                            var drains = DrainsInFinally(branch, _marks) || _settledBranches.EndsReadLoop(block, branch);
                            problem |= first == Mark.None && !drains && _leadsToProblem[destination.Ordinal];
                            reachesDone |= !makesAnother && (drains || _reachesDone[destination.Ordinal]);
                        }

                        if (problem && !_leadsToProblem[ordinal] || reachesDone && !_reachesDone[ordinal])
                        {
                            _leadsToProblem[ordinal] |= problem;
                            _reachesDone[ordinal] |= reachesDone;
                            changed = true;
                        }
                    }
                }
            }

            /// <summary><see cref="_afterDone"/>: forward from each use that reads the stream after it was made.</summary>
            private void AnalyseAfterDone(int startBlock, int startIndex)
            {
                var blocks = _graph.Blocks;
                var work = new Stack<int>();
                for (var ordinal = 0; ordinal < blocks.Length; ordinal++)
                {
                    var from = ordinal == startBlock ? startIndex : 0;
                    if (_marks[ordinal].Skip(from).Any(m => (m & Mark.Done) != 0))
                    {
                        work.Push(ordinal);
                    }

                    // The way out of a read loop at its end of data: what follows has read the stream too.
                    foreach (var branch in Successors(blocks[ordinal]))
                    {
                        if (branch.Destination is { } destination && _settledBranches.EndsReadLoop(blocks[ordinal], branch) && !_afterDone[destination.Ordinal])
                        {
                            _afterDone[destination.Ordinal] = true;
                            work.Push(destination.Ordinal);
                        }
                    }
                }

                while (work.Count > 0)
                {
                    foreach (var branch in Successors(blocks[work.Pop()]))
                    {
                        if (IsNormal(branch.Semantics) && branch.Destination is { } destination && !_afterDone[destination.Ordinal])
                        {
                            _afterDone[destination.Ordinal] = true;
                            // Past the creation (the loop around again) the stream is a new, unread one.
                            if (!_marks[destination.Ordinal].Any(m => (m & Mark.Creation) != 0))
                            {
                                work.Push(destination.Ordinal);
                            }
                        }
                    }
                }
            }

            /// <summary>Whether the block reads the stream before it makes another one (or makes none).</summary>
            private static bool DoneBeforeCreation(Mark[] marks)
            {
                foreach (var mark in marks)
                {
                    if ((mark & Mark.Done) != 0) return true;
                    if ((mark & Mark.Creation) != 0) return false;
                }

                return false;
            }

            /// <summary>The first mark that matters for the path in a block of marks, read from its start.</summary>
            private static Mark FirstMark(Mark[] marks)
            {
                foreach (var mark in marks)
                {
                    if ((mark & Mark.Done) != 0) return Mark.Done;
                    if (mark != Mark.None) return mark;
                }

                return Mark.None;
            }

        }

        /// <summary>
        /// Branches after which the stream needs nothing more: taken when a local holding it is null
        /// (<c>if (output is null) return;</c>, <c>output == null</c>, <c>output?.…</c>: there is no stream to read), or
        /// leaving a loop that reads it by a test on what those reads produced (it has been read to its end).
        /// </summary>
        private sealed class SettledBranches
        {
            private readonly ConsumptionFacts _facts;
            private readonly Dictionary<CaptureId, IOperation> _captures = new Dictionary<CaptureId, IOperation>();
            private readonly SyntaxNode[] _readLoops;
            private readonly ReadResults _readResults;
            private readonly Dictionary<(int Block, bool Conditional), bool> _endsReadLoop = new Dictionary<(int, bool), bool>();

            public SettledBranches(ControlFlowGraph graph, ConsumptionFacts facts)
            {
                _facts = facts;
                _readLoops = facts.ReadLoops.Values.Distinct().ToArray();
                // `output?.X()` tests a capture of the local, not the local itself.
                foreach (var block in graph.Blocks)
                {
                    foreach (var operation in block.Operations)
                    {
                        if (operation is IFlowCaptureOperation capture)
                        {
                            _captures[capture.Id] = capture.Value;
                        }
                    }
                }

                _readResults = new ReadResults(graph, facts);
            }

            /// <summary>
            /// A branch out of a loop that reads the stream, taken on a test that depends on what a read of the stream
            /// produced (a null line, <c>EOF</c>, a count of 0, <c>EndOfStream</c>), whatever else the branch does before
            /// it leaves the loop: the stream has been read to its end. Any other way out (a timeout, cancellation, a
            /// counter) leaves it unread. End of data is data: the test is found by following values, not by its words.
            /// </summary>
            public bool EndsReadLoop(BasicBlock block, ControlFlowBranch branch)
            {
                if (_readLoops.Length == 0 || block.BranchValue is not { } condition || branch.Destination is null)
                {
                    return false;
                }

                var key = (block.Ordinal, branch == block.ConditionalSuccessor);
                if (!_endsReadLoop.TryGetValue(key, out var ends))
                {
                    ends = _readResults.DependsOnRead(condition) && _readLoops.Any(loop => loop.Span.Contains(condition.Syntax.Span) && LeavesLoop(block, branch, loop));
                    _endsReadLoop[key] = ends;
                }

                return ends;
            }

            /// <summary>
            /// Whether every way on from the branch leaves the loop before it comes back to the test: the branch is the
            /// loop's way out, directly or after other statements (<c>if (r.EOF) { source.Cancel(); break; }</c>).
            /// </summary>
            private static bool LeavesLoop(BasicBlock test, ControlFlowBranch branch, SyntaxNode loop)
            {
                var visited = new HashSet<BasicBlock>();
                var work = new Stack<BasicBlock>();
                work.Push(branch.Destination!);
                var leaves = false;
                while (work.Count > 0)
                {
                    var block = work.Pop();
                    if (block == test)
                    {
                        return false;
                    }

                    if (!visited.Add(block))
                    {
                        continue;
                    }

                    if (block.Kind == BasicBlockKind.Exit || !IsInside(block, loop))
                    {
                        leaves = true;
                        continue;
                    }

                    foreach (var next in Successors(block))
                    {
                        if (IsNormal(next.Semantics) && next.Destination is { } destination)
                        {
                            work.Push(destination);
                        }
                    }
                }

                return leaves;
            }

            /// <summary>Whether a block is part of the loop: its first code (past empty blocks) lies in the loop's span.</summary>
            private static bool IsInside(BasicBlock block, SyntaxNode loop)
            {
                for (var (current, steps) = (block, 0); current is not null && steps < 4; (current, steps) = (current.FallThroughSuccessor?.Destination, steps + 1))
                {
                    if (current.Kind == BasicBlockKind.Exit)
                    {
                        return false;
                    }

                    var first = current.Operations.Length > 0 ? current.Operations[0].Syntax : current.BranchValue?.Syntax;
                    if (first is not null)
                    {
                        return loop.Span.Contains(first.Span);
                    }
                }

                return false;
            }

            public bool TakenWhenNull(BasicBlock block, ControlFlowBranch branch)
            {
                if (block.ConditionalSuccessor is not { } conditional || block.BranchValue is not { } condition || NullWhen(condition) is not { } nullWhen)
                {
                    return false;
                }

                var whenTrue = (branch == conditional) == (block.ConditionKind == ControlFlowConditionKind.WhenTrue);
                return whenTrue == nullWhen;
            }

            /// <summary>For a condition that tests a stream local against null: whether it is true when the local is null.</summary>
            private bool? NullWhen(IOperation condition)
            {
                switch (condition)
                {
                    case IIsNullOperation isNull when IsStreamLocal(isNull.Operand):
                        return true;
                    case IIsPatternOperation isPattern when IsStreamLocal(isPattern.Value):
                        return isPattern.Pattern switch
                        {
                            IConstantPatternOperation constant when IsNull(constant.Value) => true,
                            INegatedPatternOperation { Pattern: IConstantPatternOperation constant } when IsNull(constant.Value) => false,
                            IRecursivePatternOperation or ITypePatternOperation or IDeclarationPatternOperation => false,
                            _ => null,
                        };
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                        when (IsStreamLocal(binary.LeftOperand) && IsNull(binary.RightOperand)) || (IsStreamLocal(binary.RightOperand) && IsNull(binary.LeftOperand)):
                        return binary.OperatorKind == BinaryOperatorKind.Equals;
                    default:
                        return null;
                }
            }

            private static bool IsNull(IOperation operation) =>
                OperationTree.SkipConversionsDown(operation).ConstantValue is { HasValue: true, Value: null };

            /// <summary>A reference to a local (or the summarized parameter) that holds the stream, directly or through the flow graph's capture of it.</summary>
            private bool IsStreamLocal(IOperation operation)
            {
                var value = OperationTree.SkipConversionsDown(operation);
                if (value is IFlowCaptureReferenceOperation reference && _captures.TryGetValue(reference.Id, out var captured))
                {
                    value = OperationTree.SkipConversionsDown(captured);
                }

                return value switch
                {
                    ILocalReferenceOperation local => _facts.Locals.Exists(tracked => SymbolEqualityComparer.Default.Equals(tracked.Local, local.Local)),
                    IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter, _facts.Parameter),
                    _ => false,
                };
            }
        }

        /// <summary>
        /// A branch after which the stream is gone: it leaves the scope of a using local that owns the stream (which
        /// disposes it there), or of every local that holds it (a <c>continue</c> past the loop body that declared it).
        /// </summary>
        private static bool LeavesStreamScope(ControlFlowBranch branch, ConsumptionFacts facts)
        {
            var left = 0;
            foreach (var region in branch.LeavingRegions)
            {
                foreach (var local in region.Locals)
                {
                    var tracked = facts.Locals.FindIndex(holder => SymbolEqualityComparer.Default.Equals(holder.Local, local));
                    if (tracked < 0)
                    {
                        continue;
                    }

                    if (facts.Locals[tracked].IsUsing && facts.Locals[tracked].OwnsStream)
                    {
                        return true;
                    }

                    left++;
                }
            }

            // A summarized parameter still holds the stream when every local it was copied to is gone.
            return left > 0 && left == facts.Locals.Count && facts.Parameter is null;
        }

        /// <summary>A drain in a finally block that this branch runs through counts for the path.</summary>
        private static bool DrainsInFinally(ControlFlowBranch branch, Mark[][] marks)
        {
            foreach (var region in branch.FinallyRegions)
            {
                for (var ordinal = region.FirstBlockOrdinal; ordinal <= region.LastBlockOrdinal; ordinal++)
                {
                    if (marks[ordinal].Any(mark => (mark & Mark.Done) != 0))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static IOperation OperationAt(BasicBlock block, int index) =>
            index < block.Operations.Length ? block.Operations[index] : block.BranchValue!;

        /// <summary>The branches a block can take; a constant condition (<c>while (true)</c>) takes only one of them.</summary>
        internal static IEnumerable<ControlFlowBranch> Successors(BasicBlock block)
        {
            if (block.ConditionalSuccessor is { } conditional)
            {
                if (block.BranchValue?.ConstantValue is { HasValue: true, Value: bool constant })
                {
                    var taken = constant == (block.ConditionKind == ControlFlowConditionKind.WhenTrue);
                    var only = taken ? conditional : block.FallThroughSuccessor;
                    if (only is not null)
                    {
                        yield return only;
                    }

                    yield break;
                }

                yield return conditional;
            }

            if (block.FallThroughSuccessor is { } fallThrough)
            {
                yield return fallThrough;
            }
        }

        private static bool IsNormal(ControlFlowBranchSemantics semantics) =>
            semantics is ControlFlowBranchSemantics.Regular or ControlFlowBranchSemantics.Return;

        /// <summary>
        /// One mark per operation of each block (the branch value last), found by syntax: the graph's operations are
        /// rewritten copies of the original tree, but keep its syntax.
        /// </summary>
        private static Mark[][] MarkPositions(ControlFlowGraph graph, SyntaxNode? creation, ConsumptionFacts facts, bool isExec)
        {
            var marks = new Mark[graph.Blocks.Length][];
            foreach (var block in graph.Blocks)
            {
                var count = block.Operations.Length + (block.BranchValue is null ? 0 : 1);
                var blockMarks = new Mark[count];
                for (var i = 0; i < count; i++)
                {
                    foreach (var operation in OperationAt(block, i).DescendantsAndSelf())
                    {
                        var syntax = operation.Syntax;
                        // A flow capture reference repeats the syntax of the value it captured; only the call itself makes a stream.
                        if (syntax == creation && operation is not IFlowCaptureReferenceOperation) blockMarks[i] |= Mark.Creation;
                        // A read in a loop counts where the loop is left by a test on what it read (SettledBranches), not where it reads.
                        if (facts.ReadOrHandedOnSites.Contains(syntax) && !facts.ReadLoops.ContainsKey(syntax)) blockMarks[i] |= Mark.Done;
                        if (facts.OverwriteSites.Contains(syntax)) blockMarks[i] |= Mark.Overwrite;
                        if (isExec && operation is IInvocationOperation invocation && ApiCatalogue.IsExecInspect(invocation.TargetMethod))
                        {
                            blockMarks[i] |= Mark.Inspect;
                        }
                    }
                }

                marks[block.Ordinal] = blockMarks;
            }

            return marks;
        }

        private static bool Find(Mark[][] marks, Mark wanted, out int block, out int index)
        {
            for (block = 0; block < marks.Length; block++)
            {
                for (index = 0; index < marks[block].Length; index++)
                {
                    if ((marks[block][index] & wanted) != 0)
                    {
                        return true;
                    }
                }
            }

            block = index = -1;
            return false;
        }

        /// <summary>The graph of the innermost lambda or local function around <paramref name="operation"/>.</summary>
        private static ControlFlowGraph? GraphContaining(ControlFlowGraph root, IOperation operation)
        {
            var functions = new Stack<IOperation>();
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    functions.Push(current);
                }
            }

            var graph = root;
            while (functions.Count > 0)
            {
                var function = functions.Pop();
                if (function is ILocalFunctionOperation localFunction)
                {
                    graph = graph.GetLocalFunctionControlFlowGraphInScope(localFunction.Symbol);
                    continue;
                }

                var flow = FindFlowFunction(graph, ((IAnonymousFunctionOperation)function).Symbol);
                if (flow is null)
                {
                    return null;
                }

                graph = graph.GetAnonymousFunctionControlFlowGraphInScope(flow);
            }

            return graph;
        }

        private static IFlowAnonymousFunctionOperation? FindFlowFunction(ControlFlowGraph graph, IMethodSymbol symbol)
        {
            foreach (var block in graph.Blocks)
            {
                foreach (var root in block.Operations)
                {
                    if (FindIn(root, symbol) is { } found) return found;
                }

                if (block.BranchValue is { } branchValue && FindIn(branchValue, symbol) is { } inBranch) return inBranch;
            }

            return null;
        }

        private static IFlowAnonymousFunctionOperation? FindIn(IOperation root, IMethodSymbol symbol)
        {
            foreach (var operation in root.DescendantsAndSelf())
            {
                if (operation is IFlowAnonymousFunctionOperation flow && SymbolEqualityComparer.Default.Equals(flow.Symbol, symbol))
                {
                    return flow;
                }
            }

            return null;
        }
    }
}
