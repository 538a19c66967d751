using Microsoft.Extensions.Options;

namespace PlanServices.Accountability.Notifications;

public static class NotificationExtensions
{
    /// <summary>Email notifications: the people and SMTP settings (validated on start), the notifier, the deadline watch and the mail sender.</summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateOnStart();
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<NotificationOptions>, SettingsCheck>();
        builder.Services.AddSingleton<IValidateOptions<SmtpOptions>, SettingsCheck>();
        builder.Services.AddScoped<Recipients>();
        builder.Services.AddScoped<Notifier>();
        builder.Services.AddHostedService<DeadlineWatch>();
        builder.Services.AddHostedService<MailSender>();
        return builder;
    }
}
