namespace Realtime.Customers.Expressions;

/// <summary>Static types of the expression language. <see cref="Dynamic"/> is an open property (event.props.x, traits.custom.x) whose type is taken from what it is compared with.</summary>
public enum ExpressionType
{
    Number,
    String,
    Bool,
    Duration,
    StringList,
    NumberList,
    Dynamic,
}
