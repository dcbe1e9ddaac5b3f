// Makes the entry point's type visible to tests and tools that locate the app by it.
public partial class Program;
