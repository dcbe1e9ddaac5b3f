using Microsoft.Extensions.FileProviders;

namespace Realtime.Server.Web;

/// <summary>
/// The static pages from the wwwroot next to the binaries (the build copies it there, with the npm libraries in
/// wwwroot/lib), so they are found whatever the current directory: dashboard at <c>/</c>, agent console at <c>/agent</c>.
/// </summary>
public static class WebPages
{
    public static void UseRealtimePages(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (!Directory.Exists(root))
        {
            return;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
    }
}
