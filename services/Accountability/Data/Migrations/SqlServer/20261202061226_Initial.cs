using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PlanServices.Accountability.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "inbox",
                columns: table => new
                {
                    EventId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Topic = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ProcessedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox", x => x.EventId);
                });

            migrationBuilder.CreateTable(
                name: "meetings",
                columns: table => new
                {
                    Id = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Document = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    PackPublishedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_meetings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    EventId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Topic = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Payload = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LastError = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    TraceParent = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "paper_readiness",
                columns: table => new
                {
                    Pillar = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_paper_readiness", x => new { x.Pillar, x.PeriodEnd });
                });

            migrationBuilder.CreateTable(
                name: "actions",
                columns: table => new
                {
                    Number = table.Column<int>(type: "int", nullable: false),
                    RaisedAtMeetingId = table.Column<string>(type: "nvarchar(64)", nullable: false),
                    DateRaised = table.Column<DateOnly>(type: "date", nullable: false),
                    Description = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Owner = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_actions", x => x.Number);
                    table.ForeignKey(
                        name: "FK_actions_meetings_RaisedAtMeetingId",
                        column: x => x.RaisedAtMeetingId,
                        principalTable: "meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "minutes",
                columns: table => new
                {
                    MeetingId = table.Column<string>(type: "nvarchar(64)", nullable: false),
                    Document = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ConfirmedAtMeetingId = table.Column<string>(type: "nvarchar(64)", nullable: true),
                    Revision = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_minutes", x => x.MeetingId);
                    table.ForeignKey(
                        name: "FK_minutes_meetings_ConfirmedAtMeetingId",
                        column: x => x.ConfirmedAtMeetingId,
                        principalTable: "meetings",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_minutes_meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "meetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "action_updates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ActionNumber = table.Column<int>(type: "int", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    MeetingId = table.Column<string>(type: "nvarchar(64)", nullable: true),
                    Text = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    Author = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_updates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_action_updates_actions_ActionNumber",
                        column: x => x.ActionNumber,
                        principalTable: "actions",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_action_updates_meetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "meetings",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateIndex(
                name: "IX_action_updates_ActionNumber",
                table: "action_updates",
                column: "ActionNumber");

            migrationBuilder.CreateIndex(
                name: "IX_action_updates_MeetingId",
                table: "action_updates",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_actions_Owner_Status",
                table: "actions",
                columns: new[] { "Owner", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_actions_RaisedAtMeetingId",
                table: "actions",
                column: "RaisedAtMeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_minutes_ConfirmedAtMeetingId",
                table: "minutes",
                column: "ConfirmedAtMeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_EventId",
                table: "outbox",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_SentAt_NextAttemptAt",
                table: "outbox",
                columns: new[] { "SentAt", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "action_updates");

            migrationBuilder.DropTable(
                name: "inbox");

            migrationBuilder.DropTable(
                name: "minutes");

            migrationBuilder.DropTable(
                name: "outbox");

            migrationBuilder.DropTable(
                name: "paper_readiness");

            migrationBuilder.DropTable(
                name: "actions");

            migrationBuilder.DropTable(
                name: "meetings");
        }
    }
}
