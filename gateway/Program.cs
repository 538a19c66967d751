using PlanServices.Gateway;
using PlanServices.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();
app.MapServiceDefaults();
app.MapGateway();
app.Run();

namespace PlanServices.Gateway
{
    /// <summary>Names this host's assembly, e.g. for WebApplicationFactory.</summary>
    public sealed class Host;
}
