using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace PullAnalyzer.Runtime;

/// <summary>
/// The client <see cref="EngineStreamGuard.Connect"/> returns: the real client behind a proxy of its interfaces (the
/// same for both clients, whatever their signatures) that captures the user's site at every operation call and carries
/// it to that call's requests (<see cref="CallSites.Within{T}"/>). Without it, a request sent after an await inside
/// Docker.DotNet would not know its caller. Nothing else changes: every call goes to the real client.
/// </summary>
internal class ScopedClient : DispatchProxy
{
    // Whether an operation takes an IProgress<JSONMessage>: asked at every call, answered once per method.
    private static readonly ConcurrentDictionary<MethodInfo, bool> TakesProgress = new();
    private readonly ConcurrentDictionary<MethodInfo, object?> _operations = new();
    private object _target = null!;
    private bool _isOperations;

    /// <summary>Wraps <paramref name="client"/>.</summary>
    internal static IDockerClient Wrap(IDockerClient client) => (IDockerClient)Proxy(typeof(IDockerClient), client);

    private static object Proxy(Type interfaceType, object target)
    {
        var proxy = (ScopedClient)DispatchProxy.Create(interfaceType, typeof(ScopedClient));
        proxy._target = target;
        proxy._isOperations = interfaceType != typeof(IDockerClient);
        return proxy;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (IsOperationsGroup(targetMethod.ReturnType))
        {
            // client.Images, client.Containers, …: one proxy per group, made on first use.
            return _operations.GetOrAdd(targetMethod, method => Call(method, args) is { } group ? Proxy(method.ReturnType, group) : null);
        }

        if (!_isOperations)
        {
            return Call(targetMethod, args);
        }

        var name = targetMethod.DeclaringType?.Name + "." + targetMethod.Name;
        // Inside a flow that named its caller (ContainerRunner's run: a scope without a Docker method), that caller is the
        // site, whatever frames the continuation happens to run on; otherwise the user's frame on the stack now, or the
        // enclosing call's site where the stack has none.
        var outer = CallSites.Current;
        var origin = outer is { DockerMethod: null, Site: { } flowSite } ? new CallOrigin(flowSite, name) : CallSites.FromStack(name);
        if (origin.Site is null && outer?.Site is { } enclosing)
        {
            origin = origin with { Site = enclosing };
        }

        origin = origin with
        {
            TakesProgress = ScopedClient.TakesProgress.GetOrAdd(targetMethod,
                static method => method.GetParameters().Any(p => p.ParameterType == typeof(IProgress<JSONMessage>))),
        };

        return CallSites.Within(origin, () => Call(targetMethod, args));
    }

    private static bool IsOperationsGroup(Type type) =>
        type.IsInterface && type.Namespace == typeof(IDockerClient).Namespace && type.Name.EndsWith("Operations", StringComparison.Ordinal);

    private object? Call(MethodInfo method, object?[]? args)
    {
        try
        {
            return method.Invoke(_target, args);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(exception.InnerException);
            throw;
        }
    }
}
