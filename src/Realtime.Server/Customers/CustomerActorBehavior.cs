using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Realtime.Actors;
using Realtime.Contracts.V1;
using Realtime.Customers.State;
using Realtime.Customers.Turns;
using Realtime.Pressure;
using Realtime.Server.Rules;

namespace Realtime.Server.Customers;

/// <summary>
/// Hosts the customer domain (<see cref="CustomerEngine"/>) and contact pressure (<see cref="PressureState"/>) on
/// <c>Realtime.Actors</c>: one actor per customer (type "customer") or per anonymous visitor (type "visitor").
/// Turns are synchronous and do no I/O; the engine undoes a turn that throws, so the runtime's rollback is free.
/// </summary>
public sealed class CustomerActorBehavior(string typeName, CustomerEngine engine, ActiveRuleset rules)
    : IActorBehavior<CustomerActorState, CustomerMessage, object?, CustomerFeedItem, None>
{
    // Turn scratch space, one per worker thread (a runtime shard runs one turn at a time on its thread).
    [ThreadStatic]
    private static TurnWorkspace? t_workspace;

    [ThreadStatic]
    private static List<PressureChange>? t_pressureChanges;

    public string TypeName { get; } = typeName;

    public CustomerEngine Engine => engine;

    public CustomerActorState CreateState(string key)
    {
        var bundle = rules.Current;
        return new CustomerActorState(CustomerEngine.CreateState(bundle.Rules, key), new PressureState(bundle.Pressure));
    }

    // Layout: customer snapshot length (int32, little-endian), customer snapshot, pressure snapshot. A retired visitor
    // that handed its history to a customer prefixes it with -1, then the customer id's length and UTF-8 bytes, then
    // the history's length and bytes (lengths int32, little-endian).
    private const int MergedPrefix = -1;

    public CustomerActorState Deserialize(string key, ReadOnlySpan<byte> payload)
    {
        MergedVisitor? merged = null;
        if (BinaryPrimitives.ReadInt32LittleEndian(payload) == MergedPrefix)
        {
            var idLength = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
            var customerId = Encoding.UTF8.GetString(payload.Slice(8, idLength));
            var historyLength = BinaryPrimitives.ReadInt32LittleEndian(payload[(8 + idLength)..]);
            merged = new MergedVisitor(customerId, payload.Slice(12 + idLength, historyLength).ToArray());
            payload = payload[(12 + idLength + historyLength)..];
        }

        var bundle = rules.Current;
        var customerLength = BinaryPrimitives.ReadInt32LittleEndian(payload);
        var customer = StateSerializer.Deserialize(payload.Slice(4, customerLength).ToArray(), bundle.Rules);
        var pressure = PressureState.Deserialize(payload[(4 + customerLength)..], bundle.Pressure);
        return new CustomerActorState(customer, pressure, merged);
    }

    public void Serialize(CustomerActorState state, IBufferWriter<byte> output)
    {
        if (state.Merged is { } merged)
        {
            var id = Encoding.UTF8.GetBytes(merged.CustomerId);
            WriteInt32(output, MergedPrefix);
            WriteInt32(output, id.Length);
            output.Write(id);
            WriteInt32(output, merged.History.Length);
            output.Write(merged.History);
        }

        var customer = StateSerializer.SerializeToScratch(state.Customer);
        var pressure = state.Pressure.Serialize();
        WriteInt32(output, customer.Length);
        output.Write(customer);
        output.Write(pressure);
    }

    private static void WriteInt32(IBufferWriter<byte> output, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(output.GetSpan(4), value);
        output.Advance(4);
    }

    public object? Handle(ref ActorTurn<CustomerFeedItem> turn, ref CustomerActorState state, in CustomerMessage message)
    {
        var workspace = BeginTurn(ref turn, state);

        switch (message.Command)
        {
            case CustomerCommand.Event:
                var @event = message.Event!;
                var result = engine.Apply(workspace, state.Customer, @event, turn.Now);
                if (!result.IsAccepted)
                {
                    // Validated at ingest; a stored event the engine still refuses (e.g. replayed under a stricter
                    // ruleset) is reported to the caller rather than dropped silently.
                    return result;
                }

                state.Pressure.OnEvent(@event, turn.Now);
                Publish(ref turn, workspace);
                if (result.MergeAnonymousId is { } anonymousId)
                {
                    turn.Emit(new CustomerFeedItem(FeedKind.MergeNeeded, AnonymousId: anonymousId));
                }

                break;
            case CustomerCommand.Merge:
                var merge = (VisitorMerge)message.Argument!;
                var visitor = merge.VisitorState is null ? null : Deserialize(merge.AnonymousId, merge.VisitorState).Customer;
                engine.Merge(workspace, state.Customer, merge.AnonymousId, visitor, turn.Now);
                Publish(ref turn, workspace);
                break;
            case CustomerCommand.Rebind:
                break;
            case CustomerCommand.Read:
                return ((Func<CustomerActorState, object?>)message.Argument!)(state);
            case CustomerCommand.Retire:
                return Retire(ref turn, ref state, (string?)message.Argument);
            case CustomerCommand.PressureRequest:
                var request = (ContactRequest)message.Argument!;
                var decision = state.Pressure.Request(request.Channel, request.Kind, request.Campaign, request.ProductId, turn.Now);
                PublishPressure(ref turn, state);
                return decision;
            case CustomerCommand.PressureCommit:
                var committed = state.Pressure.Commit((string)message.Argument!, turn.Now);
                PublishPressure(ref turn, state);
                return committed;
            case CustomerCommand.PressureRelease:
                var released = state.Pressure.Release((string)message.Argument!, turn.Now);
                PublishPressure(ref turn, state);
                return released;
            case CustomerCommand.PressureReport:
                var report = (OutcomeReport)message.Argument!;
                state.Pressure.Report(
                    report.Outcome, report.Channel, report.Campaign, turn.Now,
                    report.ReservationToken.Length > 0 ? report.ReservationToken : null, report.OccurredAt?.ToDateTimeOffset());
                PublishPressure(ref turn, state);
                return null;
            default:
                throw new ArgumentOutOfRangeException(nameof(message), message.Command, "Unknown customer command.");
        }

        PublishPressure(ref turn, state);
        return null;
    }

    // Empties the actor (it leaves its segments). With a customer id, a visitor identified by that customer keeps
    // what it held as MergedVisitor and returns it, now and on any later ask by the same customer (a replay after a
    // crash); another customer gets null. Without one (privacy erase) nothing is kept.
    private object? Retire(ref ActorTurn<CustomerFeedItem> turn, ref CustomerActorState state, string? intoCustomer)
    {
        if (intoCustomer is not null && state.Merged is { } merged)
        {
            turn.StateUnchanged();
            return merged.CustomerId == intoCustomer ? merged.History : null;
        }

        byte[]? history = null;
        if (intoCustomer is not null && state.Customer.HasSeenEvents)
        {
            var buffer = new ArrayBufferWriter<byte>();
            Serialize(state, buffer);
            history = buffer.WrittenSpan.ToArray();
        }

        var before = MembershipSnapshot.Of(state.Customer);
        var fresh = CreateState(turn.Key);
        state = new CustomerActorState(fresh.Customer, fresh.Pressure, history is null ? null : new MergedVisitor(intoCustomer!, history));
        if (before.Exists)
        {
            turn.Emit(new CustomerFeedItem(FeedKind.Membership, before, MembershipSnapshot.Of(state.Customer)));
        }

        return history;
    }

    public void Wake(ref ActorTurn<CustomerFeedItem> turn, ref CustomerActorState state)
    {
        var workspace = BeginTurn(ref turn, state);

        engine.Wake(workspace, state.Customer, turn.Now);
        Publish(ref turn, workspace);
        PublishPressure(ref turn, state);
    }

    public DateTimeOffset? GetNextDueTime(CustomerActorState state)
    {
        var customerDue = state.Customer.DueAt == long.MaxValue ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(state.Customer.DueAt);
        var pressureDue = state.Pressure.NextDueAt;
        return customerDue is null ? pressureDue : pressureDue is null ? customerDue : (customerDue < pressureDue ? customerDue : pressureDue);
    }

    public None CreateView(CustomerActorState state) => default;

    /// <summary>The worker's workspace, after re-evaluating the customer if its ruleset is not the active one.</summary>
    private TurnWorkspace BeginTurn(ref ActorTurn<CustomerFeedItem> turn, CustomerActorState state)
    {
        var workspace = t_workspace ??= new TurnWorkspace();
        var bundle = rules.Current;
        if (!ReferenceEquals(state.Customer.Ruleset, bundle.Rules) || state.Customer.NeedsRebind)
        {
            Rebind(ref turn, state, bundle, workspace);
        }

        return workspace;
    }

    private void Rebind(ref ActorTurn<CustomerFeedItem> turn, CustomerActorState state, RulesetBundle bundle, TurnWorkspace workspace)
    {
        engine.Rebind(workspace, state.Customer, bundle.Rules, turn.Now);
        state.Pressure.ApplyPolicy(bundle.Pressure);
        Publish(ref turn, workspace);
    }

    private static void Publish(ref ActorTurn<CustomerFeedItem> turn, TurnWorkspace workspace)
    {
        if (workspace.Before != workspace.After)
        {
            turn.Emit(new CustomerFeedItem(FeedKind.Membership, workspace.Before, workspace.After));
        }

        var changes = workspace.Changes;
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i].Kind is ChangeKind.SegmentEntered or ChangeKind.SegmentLeft)
            {
                turn.Emit(new CustomerFeedItem(FeedKind.Segment, Change: changes[i]));
            }
        }

        if (changes.Count > 0)
        {
            turn.Emit(new CustomerFeedItem(FeedKind.Touched));
        }
    }

    private static void PublishPressure(ref ActorTurn<CustomerFeedItem> turn, CustomerActorState state)
    {
        if (!state.Pressure.MayHaveChanges)
        {
            return;
        }

        var changes = t_pressureChanges ??= [];
        changes.Clear();
        if (state.Pressure.CollectChanges(state.Customer.CustomerId, turn.Now, changes) == 0)
        {
            return;
        }

        foreach (var change in changes)
        {
            turn.Emit(new CustomerFeedItem(FeedKind.Pressure, Pressure: change));
        }

        turn.Emit(new CustomerFeedItem(FeedKind.Touched));
    }
}
